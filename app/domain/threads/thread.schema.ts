import { z } from 'zod'

import { kinds, leaderboardPeriods, MAX_BODY, MAX_TITLE, threadFilters, threadSorts, type LeaderboardPeriod } from './thread.terms'

export const titleSchema = z
  .string()
  .trim()
  .min(5, 'Give your thread a title of at least 5 characters.')
  .max(MAX_TITLE, `A title can have at most ${MAX_TITLE} characters.`)

/** Characters as people see them: an emoji or an accented letter counts once. A lone emoji (✅, 👍) is a whole reply. */
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })
export const visibleLength = (text: string) => {
  let n = 0
  for (const _ of graphemes.segment(text)) n++
  return n
}

export const bodySchema = z
  .string()
  .trim()
  .refine((body) => visibleLength(body) >= 2 || /\p{Extended_Pictographic}/u.test(body), 'Write something first.')
  .max(MAX_BODY, `A post can have at most ${MAX_BODY.toLocaleString('en')} characters.`)

export const newThreadSchema = z.object({
  category: z.string().trim().min(1, 'Pick a category.').max(100),
  kind: z.enum(kinds, { message: 'Pick what kind of thread this is.' }).optional(),
  title: titleSchema,
  body: bodySchema,
})

export const replySchema = z.object({ body: bodySchema })
export const editSchema = z.object({ body: bodySchema, revision: z.coerce.number().int().positive().optional() })

/** Route parameters: anything malformed is a 404, never a 500. */
export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)
export const pageParam = z.coerce.number().int().positive().max(1_000_000)

/* Lists' address parameters: unknown values show the default view, so an old or mistyped link still lands somewhere useful. */
export const threadListParams = z.object({
  sort: z.enum(threadSorts).catch('latest'),
  filter: z.enum(threadFilters).catch('all'),
})
export const leaderboardPeriodParam = z.enum(Object.keys(leaderboardPeriods) as [LeaderboardPeriod, ...LeaderboardPeriod[]]).catch('week')
