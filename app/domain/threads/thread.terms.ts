/* Threads' vocabulary (kinds, labels, limits, list options) that pages in the browser need, kept free of zod so the browser never downloads it. */

import { threadKinds, type ThreadKind } from '../../../db/types'

export const kinds = threadKinds
export type Kind = ThreadKind

export const kindLabels: Record<Kind, string> = {
  question: 'Question',
  discussion: 'Discussion',
  idea: 'Idea',
}

export const MAX_TITLE = 200
export const MAX_BODY = 50_000

/* List options: shared by routes (which run in the browser too) and read models. */
export const threadSorts = ['latest', 'newest', 'top'] as const
export const threadFilters = ['all', 'unsolved', 'solved'] as const
export const leaderboardPeriods = { week: 7, month: 30, all: null } as const
export type LeaderboardPeriod = keyof typeof leaderboardPeriods
