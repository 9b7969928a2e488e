import { z } from 'zod'

export const flagReasons = ['spam', 'off_topic', 'abusive', 'other'] as const
export const flagReasonLabels: Record<(typeof flagReasons)[number], string> = {
  spam: 'Spam',
  off_topic: 'Off-topic',
  abusive: 'Abusive or rude',
  other: 'Something else',
}

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

export const suspendDays = ['1', '3', '7', '30', 'forever'] as const

export const suspendDayLabels: Record<(typeof suspendDays)[number], string> = {
  '1': '1 day',
  '3': '3 days',
  '7': '7 days',
  '30': '30 days',
  forever: 'For good',
}

export const suspendSchema = z.object({
  days: z.enum(suspendDays, { message: 'Pick how long.' }).transform((v) => (v === 'forever' ? ('forever' as const) : Number(v))),
  reason: z.string().trim().min(3, 'Tell the member why, in a few words.').max(500, 'Keep the reason under 500 characters.'),
})
