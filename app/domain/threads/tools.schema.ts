import { z } from 'zod'

import { threadRefSchema } from '../ideas/idea.schema'
import { pinChoices } from './tools.terms'

/* The staff thread tools' forms, read by the intents. */

/** Why staff did it, for the audit log; optional, and an empty box means none. */
export const reasonSchema = z
  .string()
  .trim()
  .max(500, 'A reason can have at most 500 characters.')
  .optional()
  .transform((v) => v || undefined)

export const pinSchema = z.object({ pinned: z.enum(pinChoices, { message: 'Pick how to pin it.' }), reason: reasonSchema })
export const moveSchema = z.object({ category: z.string().trim().min(1, 'Pick a category.').max(100), reason: reasonSchema })
export const duplicateSchema = z.object({ duplicateOf: threadRefSchema, reason: reasonSchema })
export const reopenSchema = z.object({ reason: reasonSchema })
export const mergeThreadSchema = z.object({ into: threadRefSchema, reason: reasonSchema })
