/** Types the database stores and every layer above reads. `db/` imports nothing from `app/`. */

export const roles = ['member', 'product', 'staff', 'admin'] as const
export type Role = (typeof roles)[number]

export const threadKinds = ['question', 'discussion', 'idea'] as const
export type ThreadKind = (typeof threadKinds)[number]

export const ideaStatuses = ['new', 'under_review', 'planned', 'in_progress', 'shipped', 'declined'] as const
export type IdeaStatus = (typeof ideaStatuses)[number]

/** Statuses that close an idea: they need a public note, take no votes and free the voters' budget. */
export const closedStatuses: readonly IdeaStatus[] = ['shipped', 'declined']

/** Who reads a category, and so its threads: everyone, members (signed in), or staff (with product teams). */
export const readabilities = ['everyone', 'members', 'staff'] as const
export type Readability = (typeof readabilities)[number]
