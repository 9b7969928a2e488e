import { z } from 'zod'

import { bodySchema, pageParam, titleSchema } from '../threads/thread.schema'
import { closedStatuses, ideaSorts, ideaStatuses } from './idea.terms'

export const statusChangeSchema = z
  .object({
    status: z.enum(ideaStatuses, { message: 'Pick a status.' }),
    note: z.string().trim().max(5000, 'A note can have at most 5,000 characters.').default(''),
  })
  .refine((v) => !closedStatuses.includes(v.status) || v.note.length >= 5, {
    path: ['note'],
    message: 'Shipped and declined ideas need a public note (at least 5 characters) telling customers what happened.',
  })

export const promoteSchema = z.object({ title: titleSchema, body: bodySchema })
export const noteSchema = z.object({ body: bodySchema })

/** A thread named by its id or by a link to it, as staff paste them. */
export const threadRefSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const match = /^(?:.*\/t\/)?(\d{1,15})(?:[/?#].*)?$/.exec(value)
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'Paste a thread link (…/t/123/…) or its number.' })
      return z.NEVER
    }
    return Number(match[1])
  })

/** The ideas board's address. Unknown values show the default view: an old or mistyped link still lands somewhere useful. */
export const ideaBoardParams = z.object({
  sort: z.enum(ideaSorts).catch('top'),
  status: z.enum(ideaStatuses).optional().catch(undefined),
  category: z.string().max(100).optional().catch(undefined),
  page: pageParam.catch(1),
})
