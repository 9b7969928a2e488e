import { z } from 'zod'

import { flagReasons, suspendDays } from './moderation.terms'

export const flagSchema = z
  .object({
    reason: z.enum(flagReasons, { message: 'Pick why this post should be looked at.' }),
    note: z
      .string()
      .trim()
      .max(500, 'Keep the note under 500 characters.')
      .optional()
      .transform((v) => v || undefined),
  })
  .refine((flag) => flag.reason !== 'other' || flag.note, { message: 'Say what is wrong with the post.', path: ['note'] })

export const suspendSchema = z.object({
  days: z.enum(suspendDays, { message: 'Pick how long.' }).transform((v) => (v === 'forever' ? ('forever' as const) : Number(v))),
  reason: z.string().trim().min(3, 'Tell the member why, in a few words.').max(500, 'Keep the reason under 500 characters.'),
})
