import { z } from 'zod'

import { idParam } from '../../domain/threads/thread.schema'

/** Fields several intents share. */

/** A toggle's wanted state: forms send the state they want, so a double click cannot undo itself. */
export const wanted = z.object({
  value: z
    .string()
    .optional()
    .transform((v) => v !== 'off'),
})

/** A post named by id. A malformed id names no post, so the domain answers "not found", as for a bad URL. */
export const postField = z.object({ postId: idParam.catch(0) })

export const nothing = z.object({})

/** A staff member's optional reason for a moderation step, kept in the audit log. */
export const reasonField = z.object({
  reason: z.string().trim().max(500, 'Keep the reason under 500 characters.').optional(),
})
