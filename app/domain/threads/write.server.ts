import type { Db, Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import * as posts from '../../../db/queries/posts'
import type { PostRow } from '../../../db/queries/posts'
import * as threads from '../../../db/queries/threads'
import type { ThreadRow } from '../../../db/queries/threads'
import * as users from '../../../db/queries/users'
import { slugify } from '../../lib/urls'
import { onBehalfOfSomeoneElse, recordStaffAction } from '../audit/audit.server'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { consumeLimit, LIMITS_OFF, type LimitSettings } from '../limits/limits.server'
import { renderPost } from '../markdown/pipeline.server'
import { queueChanged, settleFlagsOnDelete } from '../moderation/flags.server'
import { authorize, can, decide, linkLimitFor, postsAreHeld, type Actor, type User } from '../policy.server'
import { awardBadge } from '../questions/reputation.server'
import { getSettings } from '../settings/settings.server'
import { takeOutOfPublicView } from './public-view.server'
import { kindLabels, type Kind } from './thread.terms'

export interface NewThread {
  category: string
  kind?: Kind
  title: string
  body: string
}

export interface PostRef {
  threadId: number
  slug: string
  postId: number
  /** Null while a reply waits for a moderator: it is numbered when approved. */
  postNumber: number | null
  /** Waiting for a moderator (a newcomer's first posts): only its author and staff see it. */
  held: boolean
}

/**
 * Links to other sites in rendered HTML, whatever Markdown wrote them as
 * (autolinks too). Paths on the forum (a mention, an attached file) are not
 * what link limits are about.
 */
function countLinks(html: string): number {
  return html.match(/<a\s[^>]*href="(?!\/(?!\/))/gi)?.length ?? 0
}

/**
 * What the community asks of a member's new post: at most a few links while
 * they are not trusted (refused before anything is stored, so the form keeps
 * their text), and whether it waits for a moderator.
 */
async function screenPost(sql: Db, user: User, html: string): Promise<{ held: boolean }> {
  const [author, settings] = await Promise.all([users.findTrust(sql, user.id), getSettings(sql)])
  if (!author) throw new DomainError('unauthorized', 'Please sign in again.')
  const maxLinks = linkLimitFor(author, settings.newMemberMaxLinks)
  if (maxLinks !== null && countLinks(html) > maxLinks) {
    const body =
      maxLinks === 0
        ? 'New members cannot include links in a post yet.'
        : `New members can include at most ${maxLinks} ${maxLinks === 1 ? 'link' : 'links'} in a post.`
    throw new DomainError('invalid', 'Please check the form.', { body })
  }
  return { held: postsAreHeld(author, settings.newMemberHeldPosts) }
}

/** What a thread becoming public changes: the category's counts and the news of it. */
async function announceThread(tx: Db, thread: ThreadRow, post: PostRow) {
  await categories.addCategoryCounts(tx, thread.categoryId, 1, 1)
  await recordEvent(tx, {
    type: 'thread:created',
    threadId: thread.id,
    postId: post.id,
    categoryId: thread.categoryId,
    kind: thread.kind,
    readableBy: thread.readableBy,
  })
}

/**
 * What a reply becoming public changes, once it has its number (taken under
 * the thread's row lock, which the caller holds): the thread's last post and
 * counts, the news of it, the author's first-reply badge.
 */
async function announceReply(tx: Db, thread: ThreadRow, post: PostRow, postNumber: number) {
  // Sent together in one round trip: the thread and category rows stay
  // locked until commit, and every writer in the category waits for them.
  await Promise.all([
    threads.touchThread(tx, thread.id, { postNumber, authorId: post.authorId, createdAt: post.createdAt }),
    recordEvent(tx, { type: 'post:created', threadId: thread.id, postId: post.id, postNumber }),
    awardBadge(tx, post.authorId, 'first_reply'),
    categories.addCategoryCounts(tx, thread.categoryId, 0, 1),
  ])
}

/**
 * Makes a held post public as if written now, in the caller's transaction
 * with the thread locked: a held thread's opening post (number 1 already)
 * starts its thread; a reply takes the next number. Everything a public post
 * changes happens here, by the same code as posting.
 */
export async function publishHeld(tx: Db, thread: ThreadRow, post: PostRow): Promise<number> {
  if (thread.heldAt && post.postNumber === 1) {
    const started = await threads.publishHeldThread(tx, thread.id)
    const published = await posts.publishHeldPost(tx, post.id, 1)
    await threads.touchThread(tx, thread.id, { postNumber: 1, authorId: published.authorId, createdAt: published.createdAt })
    await announceThread(tx, started, published)
    return 1
  }
  const postNumber = thread.lastPostNumber + 1
  const published = await posts.publishHeldPost(tx, post.id, postNumber)
  await announceReply(tx, thread, published, postNumber)
  return postNumber
}

/**
 * Starts a thread: the thread row, its opening post (number 1), the counts
 * and an event, in one transaction. Counted against the author's posts a
 * minute (`limits` are the request's RATE_LIMITS; none when not given). A
 * newcomer's thread is held: nobody but its author and staff sees it, and it
 * is counted and announced when staff approve it.
 */
export async function startThread(sql: Sql, actor: Actor, input: NewThread, limits: LimitSettings = LIMITS_OFF): Promise<PostRef> {
  const user = authorize(actor, 'thread:create')
  await consumeLimit(sql, 'post', user.id, limits)
  const category = await categories.findCategoryBySlug(sql, input.category)
  if (!category || !can(actor, 'category:see', category))
    throw new DomainError('invalid', 'Please check the form.', { category: 'Pick one of the categories listed.' })
  const open = decide(actor, 'thread:create', category)
  if (!open.ok) throw new DomainError(open.code, 'Please check the form.', { category: open.reason })
  const kind = input.kind ?? category.defaultKind
  if (!category.allowedKinds.includes(kind)) {
    const allowed = category.allowedKinds.map((k) => kindLabels[k].toLowerCase() + 's').join(' and ')
    throw new DomainError('invalid', 'Please check the form.', { kind: `${category.name} takes ${allowed} only.` })
  }
  const html = await renderPost(sql, input.body)
  const { held } = await screenPost(sql, user, html)
  return sql.begin(async (tx) => {
    const thread = await threads.insertThread(tx, {
      categoryId: category.id,
      authorId: user.id,
      kind,
      title: input.title,
      slug: slugify(input.title),
      held,
    })
    const post = await posts.insertPost(tx, { threadId: thread.id, postNumber: 1, authorId: user.id, markdown: input.body, html, held })
    await threads.touchThread(tx, thread.id, { postNumber: 1, authorId: user.id, createdAt: post.createdAt })
    if (held) await queueChanged(tx)
    else await announceThread(tx, thread, post)
    return { threadId: thread.id, slug: thread.slug, postId: post.id, postNumber: 1, held }
  })
}

/**
 * Adds a reply. The post number is taken under the thread's row lock, so
 * concurrent replies get consecutive numbers in commit order with no gaps.
 * Counted against the author's posts a minute before the thread is locked,
 * so a refused reply holds no lock. A newcomer's reply is held without a
 * number; it takes the next one when staff approve it (publishHeld).
 */
export async function replyToThread(
  sql: Sql,
  actor: Actor,
  threadId: number,
  markdown: string,
  limits: LimitSettings = LIMITS_OFF,
): Promise<PostRef> {
  if (actor) await consumeLimit(sql, 'post', actor.id, limits)
  const html = await renderPost(sql, markdown)
  const { held } = actor ? await screenPost(sql, actor, html) : { held: false }
  return sql.begin(async (tx) => {
    const thread = await threads.lockThreadById(tx, threadId)
    if (!thread) throw new DomainError('not_found')
    const user = authorize(actor, 'thread:reply', thread)
    if (held) {
      const post = await posts.insertPost(tx, { threadId, postNumber: null, authorId: user.id, markdown, html, held })
      // Staff hear of it (the queue's count); the thread's readers hear nothing until it is approved.
      await queueChanged(tx)
      return { threadId, slug: thread.slug, postId: post.id, postNumber: null, held }
    }
    const postNumber = thread.lastPostNumber + 1
    const post = await posts.insertPost(tx, { threadId, postNumber, authorId: user.id, markdown, html })
    await announceReply(tx, thread, post, postNumber)
    return { threadId, slug: thread.slug, postId: post.id, postNumber, held }
  })
}

/**
 * Replaces a post's text, keeping the previous one as a revision. When the
 * form carries the revision it was opened at and someone saved in between,
 * the edit is refused rather than silently overwriting theirs.
 */
export async function editPost(sql: Sql, actor: Actor, postId: number, markdown: string, openedAtRevision?: number): Promise<PostRef> {
  const html = await renderPost(sql, markdown)
  return sql.begin(async (tx) => {
    const post = await posts.lockPostById(tx, postId)
    if (!post) throw new DomainError('not_found')
    const thread = await threads.findThreadById(tx, post.threadId)
    if (!thread) throw new DomainError('not_found')
    authorize(actor, 'thread:see', thread)
    authorize(actor, 'post:see', post)
    const user = authorize(actor, 'post:edit', { ...post, thread })
    if (openedAtRevision && openedAtRevision !== post.revision) {
      throw new DomainError('conflict', 'Someone saved this post while you were editing it. Reload to see their version.')
    }
    const ref = { threadId: thread.id, slug: thread.slug, postId, postNumber: post.postNumber, held: Boolean(post.heldAt) }
    if (post.markdown === markdown) return ref
    await posts.insertRevision(tx, { postId, revision: post.revision, markdown: post.markdown, editorId: user.id })
    const updated = await posts.updatePostText(tx, postId, { markdown, html })
    // A held post's readers are its author and staff: nobody's open page shows it yet.
    if (post.postNumber !== null && !post.heldAt) {
      await recordEvent(tx, {
        type: 'post:edited',
        threadId: thread.id,
        postId,
        postNumber: post.postNumber,
        revision: updated.revision,
      })
    }
    // Changing someone else's words is moderation: audited, and the earlier text is in the post's history.
    if (onBehalfOfSomeoneElse(user, post.authorId)) {
      await recordStaffAction(tx, user, 'post:edited', { type: 'post', id: postId }, { threadId: thread.id, revision: updated.revision })
    }
    return ref
  })
}

/** Staff lock or unlock a thread, optionally saying why: the lock notice shows the reason, and the audit log keeps it. */
export async function setLocked(sql: Sql, actor: Actor, threadId: number, locked: boolean, reason?: string | null): Promise<void> {
  const why = staffReason(reason)
  await sql.begin(async (tx) => {
    const thread = await threads.lockThreadById(tx, threadId)
    if (!thread) throw new DomainError('not_found')
    authorize(actor, 'thread:see', thread)
    const user = authorize(actor, 'thread:lock', thread)
    if (Boolean(thread.lockedAt) === locked) return
    await threads.setThreadLocked(tx, threadId, locked, why)
    await recordEvent(tx, { type: 'thread:locked', threadId, locked })
    await recordStaffAction(tx, user, locked ? 'thread:locked' : 'thread:unlocked', { type: 'thread', id: threadId }, {}, why)
  })
}

/** A staff member's optional reason: trimmed, empty is none. The forms' schemas keep it to 500 characters. */
function staffReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim()
  return trimmed ? trimmed.slice(0, 500) : null
}

/** The Markdown of a post for its edit form, if the actor may edit it. */
/** A post and its thread, for pages about one post (edit, flag); a missing either is not found. */
export async function findPostWithThread(sql: Sql, postId: number) {
  const post = await posts.findPostById(sql, postId)
  if (!post) throw new DomainError('not_found')
  const thread = await threads.findThreadById(sql, post.threadId)
  if (!thread) throw new DomainError('not_found')
  return { post, thread }
}

export async function getPostForEdit(sql: Sql, actor: Actor, postId: number) {
  const { post, thread } = await findPostWithThread(sql, postId)
  authorize(actor, 'thread:see', thread)
  authorize(actor, 'post:see', post)
  authorize(actor, 'post:edit', { ...post, thread })
  return { post, thread }
}

/**
 * Deletes a reply: a placeholder shows in its place, and it leaves public view
 * (points, accepted answer). A held post leaves the moderation queue for good
 * (with its held thread, when it was the opening post). Staff deleting
 * someone else's post may say why, for the audit log.
 */
export async function deletePost(sql: Sql, actor: Actor, postId: number, inThread?: number, reason?: string | null): Promise<PostRef> {
  return sql.begin(async (tx) => {
    const found = await posts.findPostById(tx, postId)
    if (!found || (inThread !== undefined && found.threadId !== inThread)) throw new DomainError('not_found')
    // Thread first, then post: the same order as every other write that takes both.
    const thread = await threads.lockThreadById(tx, found.threadId)
    const post = await posts.lockPostById(tx, postId)
    if (!thread || !post) throw new DomainError('not_found')
    authorize(actor, 'thread:see', thread)
    authorize(actor, 'post:see', post)
    const user = authorize(actor, 'post:delete', { ...post, thread })
    await posts.markPostDeleted(tx, postId)
    if (post.heldAt || post.postNumber === null) {
      // Never public: no points, flags or readers to tell; only the queue's count changes.
      if (thread.heldAt) await threads.markThreadDeleted(tx, thread.id)
      await queueChanged(tx)
    } else {
      await takeOutOfPublicView(tx, thread, postId)
      // A deleted post's open flags are settled: upheld when staff deleted it, moot when its author did.
      await settleFlagsOnDelete(tx, postId, actor!.id)
      await recordEvent(tx, { type: 'post:deleted', threadId: thread.id, postId, postNumber: post.postNumber })
    }
    if (onBehalfOfSomeoneElse(user, post.authorId)) {
      await recordStaffAction(
        tx,
        user,
        'post:deleted',
        { type: 'post', id: postId },
        { threadId: thread.id, authorId: post.authorId, ...(post.heldAt ? { held: true } : {}) },
        staffReason(reason),
      )
    }
    return { threadId: thread.id, slug: thread.slug, postId, postNumber: post.postNumber, held: Boolean(post.heldAt) }
  })
}
