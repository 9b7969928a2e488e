import { z } from 'zod'

import { closedStatuses, ideaStatuses, type IdeaStatus } from '../../../db/types'
import { bodySchema, titleSchema } from '../threads/thread.schema'

export { closedStatuses, ideaStatuses, type IdeaStatus }

export const statusLabels: Record<IdeaStatus, string> = {
  new: 'New',
  under_review: 'Under review',
  planned: 'Planned',
  in_progress: 'In progress',
  shipped: 'Shipped',
  declined: 'Declined',
}

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

export const ideaSorts = ['top', 'trending', 'newest', 'customers'] as const
