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

/** What a notification tells its reader. */
export const notificationKinds = [
  'reply', // a reply in a thread I started or watch
  'mention', // a post @mentioning me
  'quote', // a reply quoting me
  'accepted', // my reply accepted as the answer
  'answered', // an answer accepted on a question I asked or said "me too" on
  'idea_status', // an idea I am among the customers affected by changed status
  'new_thread', // a new thread in a category I watch
  'post_hidden', // staff (or the community's flags) hid my post
  'post_approved', // staff approved my held post
] as const
export type NotificationKind = (typeof notificationKinds)[number]

/** How a member hears of a topic by email. */
export const deliveries = ['immediately', 'digest', 'never'] as const
export type Delivery = (typeof deliveries)[number]

/** The email settings a member chooses between, each covering some notification kinds. */
export const notificationTopics = ['my_questions', 'replies', 'mentions', 'accepted', 'ideas', 'new_threads', 'moderation'] as const
export type NotificationTopic = (typeof notificationTopics)[number]

export const watchLevels = ['watching', 'muted'] as const
export type WatchLevel = (typeof watchLevels)[number]
