import { z } from 'zod'

import { threadRefSchema } from '../ideas/idea.schema'

/* The staff thread tools' forms: client-safe, so the page and the intents share them. */

export const pinChoices = ['none', 'category', 'global'] as const
export type PinChoice = (typeof pinChoices)[number]

export const pinLabels: Record<PinChoice, string> = {
  none: 'Not pinned',
  category: 'Pinned in its category',
  global: 'Pinned everywhere (also on the home page)',
}

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
