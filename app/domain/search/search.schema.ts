import { z } from 'zod'

import { ideaStatuses, threadKinds } from '../../../db/types'

export const MAX_QUERY = 200
export const searchSorts = ['relevance', 'newest'] as const

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .transform((v) => new Date(`${v}T00:00:00Z`))
  .refine((d) => !Number.isNaN(d.getTime()))
  .optional()
  .catch(undefined)

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || undefined)
    .optional()
    .catch(undefined)

/**
 * The search page's address. A filter with a value the forum does not know
 * (an old link, a hand-edited URL) is dropped rather than refused; only a
 * query too long to be one is an error.
 */
export const searchParams = z.object({
  q: z.string().trim().max(MAX_QUERY, `Search for at most ${MAX_QUERY} characters.`).default(''),
  category: optionalText(100),
  kind: z.enum(threadKinds).optional().catch(undefined),
  solved: z.enum(['yes', 'no']).optional().catch(undefined),
  status: z.enum(ideaStatuses).optional().catch(undefined),
  author: optionalText(40),
  from: day,
  to: day,
  sort: z.enum(searchSorts).catch('relevance'),
  page: z.coerce.number().int().min(1).max(50).catch(1),
})

export type SearchParams = z.infer<typeof searchParams>
