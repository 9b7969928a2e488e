import type { Db } from '../../db/client'
/**
 * Who may do what. Every permission in the forum is decided here, on the
 * server; routes and components only ask. The SQL predicates below apply the
 * same rules inside queries, so no rule is written twice.
 */

import { closedStatuses, readabilities, type IdeaStatus, type Readability, type ThreadKind } from '../../db/types'
import { inPublicView, notDeleted, notHeld, readableAt } from '../../db/visibility'
import { DomainError } from './errors'
import { isStaffRole, type Role } from './roles'

export { roles, type Role } from './roles'

export interface Suspension {
  until: Date
  reason: string
}

export interface User {
  id: number
  username: string
  role: Role
  /** Their picture's address, for the header; absent where only permissions matter. */
  avatar?: string | null
  /** Set while staff have suspended the member: they read, and write nothing. */
  suspension?: Suspension | null
  /**
   * What a new account still waits for (see app/domain/joining): an admin's
   * approval (it reads, and writes nothing), or its address confirmed (it
   * posts nothing). Null or absent for everyone else.
   */
  waitingFor?: 'approval' | 'address' | null
}

/** The signed-in user, or null for a public visitor. */
export type Actor = User | null

export interface ThreadFacts {
  authorId: number
  lockedAt: Date | null
  deletedAt: Date | null
  /** A newcomer's thread waiting for staff: only its author and staff see it. */
  heldAt?: Date | null
  kind?: ThreadKind
  /** An idea merged into another: its conversation goes on there. */
  mergedIntoId?: number | null
  /** Its category's readability; every thread row carries it. */
  readableBy: Readability
  /** When its category was archived: an archived category is read-only. */
  categoryArchivedAt?: Date | null
}

/** What starting a thread in a category depends on. */
export interface CategoryFacts {
  archivedAt: Date | null
}

export interface PostFacts {
  authorId: number
  hiddenAt: Date | null
  deletedAt: Date | null
  /** A newcomer's post waiting for staff: only its author and staff see it. */
  heldAt?: Date | null
  postNumber?: number | null
}

export function isStaff(actor: Actor): boolean {
  return isStaffRole(actor?.role)
}

/** Product teams triage ideas; staff and admins can do all product can. */
export function isProductTeam(actor: Actor): boolean {
  return actor?.role === 'product' || isStaff(actor)
}

export function isAdmin(actor: Actor): boolean {
  return actor?.role === 'admin'
}

/**
 * Which categories' threads the actor reads: visitors the public ones,
 * members those for members too, and the company's people (staff, admins,
 * product teams) every one.
 */
export function readsAt(actor: Actor): readonly Readability[] {
  if (isProductTeam(actor)) return readabilities
  return actor ? ['everyone', 'members'] : ['everyone']
}

function reads(actor: Actor, readableBy: Readability): boolean {
  return readsAt(actor).includes(readableBy)
}

/** Where a refused reader can do what lifts the refusal. */
export interface Help {
  label: string
  href: string
}

export type Decision = { ok: true } | { ok: false; code: 'unauthorized' | 'forbidden' | 'not_found'; reason: string; help?: Help }

const allow: Decision = { ok: true }
const signIn = (reason: string): Decision => ({ ok: false, code: 'unauthorized', reason })
const refuse = (reason: string, help?: Help): Decision => ({ ok: false, code: 'forbidden', reason, ...(help ? { help } : {}) })
const hidden: Decision = { ok: false, code: 'not_found', reason: 'That page does not exist, or you cannot see it.' }

/** Held things exist only for their author and staff until approved. */
const heldFrom = (actor: Actor, thing: { heldAt?: Date | null; authorId: number }) =>
  Boolean(thing.heldAt) && !isStaff(actor) && actor?.id !== thing.authorId

/** A suspended member's refusal, naming when it ends and why; null for anyone else. */
function suspended(actor: Actor): Decision | null {
  const suspension = actor?.suspension
  if (!suspension || suspension.until <= new Date()) return null
  const until =
    Number.isFinite(suspension.until.getTime()) && suspension.until.getFullYear() < 9000
      ? `until ${suspension.until.toUTCString()}`
      : 'for good'
  return refuse(
    `Your account is suspended ${until}${suspension.reason ? `: ${suspension.reason}` : ''}. You can read, but not post, vote or flag.`,
  )
}

/** Posting: what an account whose address must be confirmed waits for. */
const posting: ReadonlySet<Action> = new Set<Action>(['thread:create', 'thread:reply'])

/** A new account's refusal while it waits for an admin or for its address; null for anyone else. */
function waiting(actor: Actor, action: Action): Decision | null {
  if (actor?.waitingFor === 'approval') {
    return refuse('Your account waits for an admin’s approval. You can read meanwhile, and post once an admin approves you.')
  }
  if (actor?.waitingFor === 'address' && posting.has(action)) {
    return refuse('Verify your address first: open the link we emailed you, and then you can post.', {
      label: 'Send the confirmation link again',
      href: '/settings/email',
    })
  }
  return null
}

type Rules = {
  'thread:see': ThreadFacts
  'category:see': { readableBy: Readability }
  /** Without a category: whether the actor may start threads at all (the "Start a thread" links). */
  'thread:create': CategoryFacts | undefined
  'thread:reply': ThreadFacts
  'thread:lock': ThreadFacts
  'post:see': PostFacts
  'notification:see': { thread: ThreadFacts; post?: PostFacts | null }
  'thread:watch': ThreadFacts
  'category:watch': { readableBy: Readability }
  'post:edit': PostFacts & { thread: ThreadFacts }
  /** `otherAdmins`: admins besides the one whose role changes, still able to sign in. */
  'user:changeRole': { from: Role; to: Role; otherAdmins: number }
  'post:delete': PostFacts & { thread: ThreadFacts }
  'post:voteHelpful': PostFacts & { thread: ThreadFacts }
  'thread:accept': ThreadFacts
  'thread:meToo': ThreadFacts
  'thread:promote': ThreadFacts & { promotedAlready: boolean }
  'idea:vote': ThreadFacts & { ideaStatus: IdeaStatus | null; mergedIntoId: number | null }
  'idea:triage': undefined
  'idea:readNotes': undefined
  'settings:edit': undefined
  'joining:manage': undefined
  'category:edit': undefined
  'admin:view': undefined
  'search:misses': undefined
  'insights:view': undefined
  'post:flag': PostFacts & { thread: ThreadFacts }
  'post:hide': PostFacts & { thread: ThreadFacts }
  'post:approve': PostFacts & { thread: ThreadFacts }
  'mod:queue': undefined
  'user:suspend': { role: Role }
  // People in administration: staff read, admins change roles and delete accounts.
  'people:view': undefined
  'user:delete': { userId: number; role: Role; otherAdmins: number }
  'live:staffRoom': undefined
  'live:productRoom': undefined
  // Staff thread tools.
  'thread:pin': ThreadFacts
  'thread:move': ThreadFacts
  'thread:merge': ThreadFacts
  'thread:closeAsDuplicate': ThreadFacts
  // Reviewing staff work and edits.
  'audit:view': undefined
  'post:history': undefined
  'upload:create': undefined
  'upload:remove': undefined
  // A member's own account.
  'account:changeEmail': { userId: number }
  'account:changePassword': { userId: number }
  'account:endSessions': { userId: number }
  'account:editProfile': { userId: number }
  'account:export': { userId: number }
  'account:delete': { userId: number; role: Role; otherAdmins: number }
}
export type Action = keyof Rules

const rules: { [A in Action]: (actor: Actor, thing: Rules[A]) => Decision } = {
  // A thread in a category the reader may not read does not exist for them, like a deleted one.
  'thread:see': (actor, thread) =>
    (thread.deletedAt && !isStaff(actor)) || heldFrom(actor, thread) || !reads(actor, thread.readableBy) ? hidden : allow,
  'category:see': (actor, category) => (reads(actor, category.readableBy) ? allow : hidden),
  'thread:create': (actor, category) => {
    // Archived: kept to read, closed to everyone's new threads, staff's too; an admin unarchives it first.
    if (category?.archivedAt) return refuse('This category is archived: it takes no new threads.')
    return actor ? allow : signIn('Sign in to start a thread.')
  },
  'thread:reply': (actor, thread) => {
    if ((thread.deletedAt && !isStaff(actor)) || heldFrom(actor, thread)) return hidden
    // Read-only for everyone, staff too: nobody is asked to sign in to do what no one may.
    if (thread.categoryArchivedAt) return refuse('This thread’s category is archived: it takes no new replies.')
    if (!actor) return signIn('Sign in to reply.')
    if (thread.deletedAt) return refuse('This thread was deleted; it takes no replies.')
    // Its opening post has no place among public posts yet, so neither has a reply.
    if (thread.heldAt) return refuse('This thread waits for a moderator; it takes replies once approved.')
    if (thread.lockedAt && !isStaff(actor)) return refuse('This thread is locked; it takes no new replies.')
    if (thread.mergedIntoId) return refuse('This idea was merged into another one; reply there.')
    return allow
  },
  'thread:lock': (actor) => (isStaff(actor) ? allow : refuse('Only staff can lock threads.')),
  'post:see': (actor, post) =>
    (post.hiddenAt && !isStaff(actor) && actor?.id !== post.authorId) || heldFrom(actor, post) ? hidden : allow,
  // A notification (or its mail) about what its reader can no longer see is not shown or sent: checked when written and when mailed.
  'notification:see': (actor, { thread, post }) =>
    rules['thread:see'](actor, thread).ok && (!post || (!post.deletedAt && rules['post:see'](actor, post).ok)) ? allow : hidden,
  'thread:watch': (actor, thread) =>
    !rules['thread:see'](actor, thread).ok ? hidden : actor ? allow : signIn('Sign in to watch threads.'),
  'category:watch': (actor, category) =>
    !reads(actor, category.readableBy) ? hidden : actor ? allow : signIn('Sign in to watch categories.'),
  'post:edit': (actor, post) => {
    if (!actor) return signIn('Sign in to edit.')
    if (post.deletedAt) return refuse('This post was deleted.')
    if (isStaff(actor)) return allow
    if (actor.id !== post.authorId) return refuse('You can only edit your own posts.')
    if (post.thread.lockedAt || post.thread.deletedAt) return refuse('This thread is locked.')
    return allow
  },
  'user:changeRole': (actor, change) => {
    if (!isAdmin(actor)) return actor ? refuse('Only admins can change roles.') : signIn('Sign in first.')
    // Someone must be left to run the forum: settings and roles need an admin.
    if (change.from === 'admin' && change.to !== 'admin' && change.otherAdmins === 0)
      return refuse('This is the last admin: make someone else an admin first.')
    return allow
  },
  'post:delete': (actor, post) => {
    if (!actor) return signIn('Sign in to delete.')
    if (post.deletedAt) return refuse('This post was already deleted.')
    if (heldFrom(actor, post)) return hidden
    // A held thread's opening post goes with its thread: nobody else has seen either.
    if (post.postNumber === 1 && !post.heldAt) return refuse('The opening post cannot be deleted on its own.')
    if (isStaff(actor)) return allow
    if (actor.id !== post.authorId) return refuse('You can only delete your own posts.')
    if (post.thread.lockedAt) return refuse('This thread is locked.')
    return allow
  },
  'post:voteHelpful': (actor, post) => {
    if (!actor) return signIn('Sign in to vote.')
    // Hidden and deleted posts take no votes; to a member they do not exist.
    if (post.deletedAt || post.thread.deletedAt || (post.hiddenAt && !isStaff(actor)) || heldFrom(actor, post)) return hidden
    if (post.hiddenAt) return refuse('Hidden posts take no votes.')
    if (post.heldAt) return refuse('Posts waiting for a moderator take no votes.')
    if (post.postNumber === 1) return refuse('Helpful votes are for replies.')
    if (post.authorId === actor.id) return refuse('You cannot vote for your own post.')
    return allow
  },
  'thread:accept': (actor, thread) => {
    if (thread.deletedAt && !isStaff(actor)) return hidden
    if (!actor) return signIn('Sign in to accept an answer.')
    if (thread.kind !== 'question') return refuse('Only questions have accepted answers.')
    if (isStaff(actor) || actor.id === thread.authorId) return allow
    return refuse('Only the person who asked, or staff, can accept an answer.')
  },
  'thread:promote': (actor, thread) => {
    if (thread.deletedAt && !isStaff(actor)) return hidden
    if (!actor) return signIn('Sign in first.')
    if (!isProductTeam(actor)) return refuse('Only staff and product teams promote threads to ideas.')
    if (thread.kind === 'idea') return refuse('This thread is an idea already.')
    if (thread.promotedAlready) return refuse('This thread was already promoted to an idea.')
    return allow
  },
  'idea:vote': (actor, idea) => {
    if (idea.deletedAt) return hidden
    if (!actor) return signIn('Sign in to vote for ideas.')
    if (idea.kind !== 'idea') return refuse('Only ideas take votes.')
    if (idea.mergedIntoId) return refuse('This idea was merged into another one: vote there.')
    if (idea.ideaStatus && closedStatuses.includes(idea.ideaStatus)) return refuse('This idea is closed to votes.')
    return allow
  },
  // Product teams triage ideas (statuses, merges, links, notes, exports); so do staff and admins.
  'idea:triage': (actor) =>
    isProductTeam(actor) ? allow : actor ? refuse('Only staff and product teams triage ideas.') : signIn('Sign in first.'),
  'idea:readNotes': (actor) => (isProductTeam(actor) ? allow : refuse('Internal notes are for staff and product teams.')),
  'settings:edit': (actor) => (isAdmin(actor) ? allow : refuse('Only admins change community settings.')),
  // Who may join, invitations and approving newcomers: admins, like the other community settings.
  'joining:manage': (actor) => (isAdmin(actor) ? allow : actor ? refuse('Only admins decide who may join.') : signIn('Sign in first.')),
  'category:edit': (actor) => (isAdmin(actor) ? allow : actor ? refuse('Only admins change categories.') : signIn('Sign in first.')),
  'admin:view': (actor) => (isAdmin(actor) ? allow : actor ? refuse('Only admins can open administration.') : signIn('Sign in first.')),
  // Moderation. Members flag what others wrote; staff decide.
  'post:flag': (actor, post) => {
    if (post.deletedAt || post.thread.deletedAt || (post.hiddenAt && !isStaff(actor) && actor?.id !== post.authorId)) return hidden
    if (heldFrom(actor, post)) return hidden
    if (!actor) return signIn('Sign in to flag a post.')
    if (actor.id === post.authorId) return refuse('This is your own post: edit or delete it instead.')
    if (post.heldAt) return refuse('This post waits for a moderator already.')
    return allow
  },
  'post:hide': (actor, post) => {
    if (post.deletedAt || post.thread.deletedAt || heldFrom(actor, post)) return hidden
    if (!isStaff(actor)) return refuse('Only staff hide posts.')
    if (post.heldAt) return refuse('This post is not public yet: approve or delete it.')
    return allow
  },
  // Approving clears flags, shows a hidden post again, or makes a held post public.
  'post:approve': (actor, post) => {
    if (post.deletedAt || post.thread.deletedAt) return hidden
    return isStaff(actor) ? allow : refuse('Only staff approve posts.')
  },
  'mod:queue': (actor) => (isStaff(actor) ? allow : actor ? refuse('Only staff moderate.') : signIn('Sign in first.')),
  'user:suspend': (actor, target) => {
    if (!isStaff(actor)) return refuse('Only staff suspend members.')
    // Staff answer to admins: only an admin suspends staff, and nobody suspends an admin here.
    if (target.role === 'admin' || (isStaffRole(target.role) && !isAdmin(actor))) return refuse('Staff accounts are suspended by an admin.')
    return allow
  },
  // Staff look people up to moderate them; what changes an account beyond a suspension is for admins.
  'people:view': (actor) => staffOnly(actor, 'Only staff and admins look people up.'),
  'user:delete': (actor, account) => {
    if (!actor) return signIn('Sign in first.')
    if (!isAdmin(actor)) return refuse('Only admins delete other people’s accounts.')
    // An admin's own account is deleted with their password, from their settings.
    if (actor.id === account.userId) return refuse('Delete your own account from your settings.')
    if (account.role === 'admin' && account.otherAdmins === 0)
      return refuse('This is the last admin: make someone else an admin before deleting this account.')
    return allow
  },
  'search:misses': (actor) =>
    isStaff(actor) ? allow : actor ? refuse('Only staff see what searches found nothing.') : signIn('Sign in first.'),
  // What the community tells the company: for the people who act on it.
  'insights:view': (actor) =>
    isProductTeam(actor) ? allow : actor ? refuse('Insights are for staff and product teams.') : signIn('Sign in first.'),
  // Live rooms: staff hear moderation news, product teams hear internal notes.
  'live:staffRoom': (actor) => (isStaff(actor) ? allow : refuse('Only staff hear staff news.')),
  'live:productRoom': (actor) => (isProductTeam(actor) ? allow : refuse('Only staff and product teams hear internal notes.')),
  // Reviewing what staff did and how posts changed: the audit log is admins' oversight of staff;
  // earlier texts of a post are for moderators judging an edit, not for the public.
  'audit:view': (actor) => (isAdmin(actor) ? allow : actor ? refuse('Only admins read the audit log.') : signIn('Sign in first.')),
  'post:history': (actor) =>
    isStaff(actor) ? allow : actor ? refuse('Only staff see the earlier versions of a post.') : signIn('Sign in first.'),
  // An address is the account's way back in: nobody else, staff included, changes it from the forum.
  'account:changeEmail': (actor, account) => {
    if (!actor) return signIn('Sign in to change your email address.')
    return actor.id === account.userId ? allow : refuse('Only the account’s owner changes its email address.')
  },
  // Staff end a member's sessions by changing their role or suspending them, never by knowing their password.
  'account:changePassword': (actor, account) => ownAccount(actor, account, 'Sign in to change your password.'),
  'account:endSessions': (actor, account) => ownAccount(actor, account, 'Sign in to see your sessions.'),
  // A member's profile, data and account are theirs alone: staff neither edit, export nor delete them here.
  'account:editProfile': (actor, account) => ownAccount(actor, account, 'Sign in to edit your profile.'),
  'account:export': (actor, account) => ownAccount(actor, account, 'Sign in to download your data.'),
  'account:delete': (actor, account) => {
    const own = ownAccount(actor, account, 'Sign in to delete your account.')
    if (!own.ok) return own
    // Someone must be left to run the forum: settings and roles need an admin.
    if (account.role === 'admin' && account.otherAdmins === 0)
      return refuse('You are the last admin: make someone else an admin before deleting your account.')
    return allow
  },
  'thread:meToo': (actor, thread) => {
    if (thread.deletedAt) return hidden
    if (!actor) return signIn('Sign in to say you have this question too.')
    if (thread.kind !== 'question') return refuse('Only questions take "me too".')
    if (actor.id === thread.authorId) return refuse('This is your own question.')
    return allow
  },
  // Staff thread tools: moderation, so staff only, like locking.
  'thread:pin': (actor) => staffOnly(actor, 'Only staff can pin threads.'),
  'upload:create': (actor) => (actor ? allow : signIn('Sign in to attach files.')),
  'upload:remove': (actor) => staffOnly(actor, 'Only staff can take uploads down.'),
  'thread:move': (actor) => staffOnly(actor, 'Only staff can move threads.'),
  'thread:closeAsDuplicate': (actor) => staffOnly(actor, 'Only staff can close threads as duplicates.'),
  'thread:merge': (actor, thread) => {
    const staff = staffOnly(actor, 'Only staff can merge threads.')
    if (!staff.ok) return staff
    // A held thread's posts are not public yet: staff approve or delete it first.
    if (thread.heldAt) return refuse('This thread waits for a moderator: approve or delete it first.')
    // An idea's votes and links move with it: the board's own merge does that.
    if (thread.kind === 'idea') return refuse('Ideas are merged from their triage tools, so their votes move too.')
    return allow
  },
}

function ownAccount(actor: Actor, account: { userId: number }, signInReason: string): Decision {
  if (!actor) return signIn(signInReason)
  return actor.id === account.userId ? allow : refuse('Only the account’s owner can do that.')
}

function staffOnly(actor: Actor, reason: string): Decision {
  if (isStaff(actor)) return allow
  return actor ? refuse(reason) : signIn('Sign in first.')
}

/** What a suspended member may not do, whatever the thing: everything that writes as them. */
const memberWrites: ReadonlySet<Action> = new Set<Action>([
  'thread:create',
  'thread:reply',
  'post:edit',
  'post:voteHelpful',
  'thread:meToo',
  'idea:vote',
  'post:flag',
  'upload:create',
])

/** A rule's thing: none for rules about no thing, optional for rules that may be asked with or without one. */
type Thing<A extends Action> = Rules[A] extends undefined ? [] : undefined extends Rules[A] ? [Rules[A]?] : [Rules[A]]

export function decide<A extends Action>(actor: Actor, action: A, ...thing: Thing<A>): Decision {
  const decision = rules[action](actor, thing[0] as Rules[A])
  // The thing's own refusal (a page they cannot see) comes first; then the suspension; then what a new account waits for.
  return decision.ok && memberWrites.has(action) ? (suspended(actor) ?? waiting(actor, action) ?? decision) : decision
}

/**
 * The one way a domain function enforces a rule: throws the refusal the
 * decision carries, or returns the signed-in user who may go ahead. Every
 * write needs someone signed in, so a visitor is asked to sign in even where
 * a rule would let them look.
 */
export function authorize<A extends Action>(actor: Actor, action: A, ...thing: Thing<A>): User {
  const decision = decide(actor, action, ...thing)
  if (!decision.ok) throw new DomainError(decision.code, decision.reason, {}, decision.help)
  if (!actor) throw new DomainError('unauthorized', 'Please sign in first.')
  return actor
}

export function can<A extends Action>(actor: Actor, action: A, ...thing: Thing<A>): boolean {
  return decide(actor, action, ...thing).ok
}

/** Whether a post's words may be quoted away from its page: only while in public view, even to its author. */
export function mayQuote(post: PostFacts): boolean {
  return !post.deletedAt && !post.hiddenAt && !post.heldAt
}

/**
 * Whether a new post by this author waits for staff: a member not yet
 * trusted, while the community holds newcomers' first posts (`heldPosts`
 * above 0). Staff, product teams and admins are never held.
 */
export function postsAreHeld(author: { role: Role; trustedAt: Date | null }, heldPosts: number): boolean {
  return heldPosts > 0 && author.role === 'member' && author.trustedAt === null
}

/** How many links a post by this author may hold; null for no limit (trusted members and staff roles). */
export function linkLimitFor(author: { role: Role; trustedAt: Date | null }, maxLinks: number): number | null {
  return author.role === 'member' && author.trustedAt === null ? maxLinks : null
}

/**
 * How many files this member may upload a day: the newcomers' allowance
 * until they are trusted, the members' after; null for no limit (staff roles).
 */
export function uploadQuotaFor(
  author: { role: Role; trustedAt: Date | null },
  settings: { uploadsPerDay: number; newMemberUploadsPerDay: number },
): number | null {
  if (author.role !== 'member') return null
  return author.trustedAt === null ? settings.newMemberUploadsPerDay : settings.uploadsPerDay
}

/*
 * Visibility: what each reader may see, as SQL for the queries that list
 * things (db/visibility.ts holds what each state means).
 */

/** Threads the actor may see, for queries over `threads` aliased as `t`. */
export function visibleThreads(sql: Db, actor: Actor) {
  // A held thread is listed nowhere until approved; its author reaches it from their post's address.
  if (isStaff(actor)) return sql`true`
  if (isProductTeam(actor)) return sql`(${notDeleted(sql, 't')} and ${notHeld(sql, 't')})`
  return sql`(${notDeleted(sql, 't')} and ${notHeld(sql, 't')} and ${readableAt(sql, 't', readsAt(actor))})`
}

/**
 * The threads insights count: the same for everyone who may read them (staff
 * and product teams, whose insights are shared), so the figures can be
 * computed once for all of them. Deleted and held threads count nowhere.
 */
export function threadsInsightsCount(sql: Db) {
  return sql`(${notDeleted(sql, 't')} and ${notHeld(sql, 't')})`
}

/** Of these categories, those the actor reads, in the same order. */
export function readableCategories<C extends { readableBy: Readability }>(actor: Actor, categories: C[]): C[] {
  return categories.filter((c) => reads(actor, c.readableBy))
}

/**
 * Posts whose text the actor may read, for queries over `posts` aliased as
 * `p`. Posts that fail it still hold their number in the thread; pages show a
 * placeholder in their place.
 */
export function readablePosts(sql: Db, actor: Actor) {
  if (isStaff(actor)) return notDeleted(sql, 'p')
  // Authors still read their own hidden and held posts, with a notice.
  if (actor) return sql`(${notDeleted(sql, 'p')} and (${inPublicView(sql, 'p')} or p.author_id = ${actor.id}))`
  return inPublicView(sql, 'p')
}
