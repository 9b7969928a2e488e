import type { Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import * as posts from '../../../db/queries/posts'
import * as threads from '../../../db/queries/threads'
import { slugify } from '../../lib/urls'
import { onBehalfOfSomeoneElse, recordStaffAction } from '../audit/audit.server'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { consumeLimit, LIMITS_OFF, type LimitSettings } from '../limits/limits.server'
import { renderPost } from '../markdown/pipeline.server'
import { settleFlagsOnDelete } from '../moderation/flags.server'
import { authorize, can, type Actor } from '../policy.server'
import { awardBadge } from '../questions/reputation.server'
import { takeOutOfPublicView } from './public-view.server'
import { kindLabels, type Kind } from './thread.schema'

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
  postNumber: number
}

/**
 * Starts a thread: the thread row, its opening post (number 1), the counts
 * and an event, in one transaction. Counted against the author's posts a
 * minute (`limits` are the request's RATE_LIMITS; none when not given).
 */
export async function startThread(sql: Sql, actor: Actor, input: NewThread, limits: LimitSettings = LIMITS_OFF): Promise<PostRef> {
  const user = authorize(actor, 'thread:create')
  await consumeLimit(sql, 'post', user.id, limits)
  const category = await categories.findCategoryBySlug(sql, input.category)
  if (!category || !can(actor, 'category:see', category))
    throw new DomainError('invalid', 'Please check the form.', { category: 'Pick one of the categories listed.' })
  const kind = input.kind ?? category.defaultKind
  if (!category.allowedKinds.includes(kind)) {
    const allowed = category.allowedKinds.map((k) => kindLabels[k].toLowerCase() + 's').join(' and ')
    throw new DomainError('invalid', 'Please check the form.', { kind: `${category.name} takes ${allowed} only.` })
  }
  const html = await renderPost(sql, input.body)
  return sql.begin(async (tx) => {
    const thread = await threads.insertThread(tx, {
      categoryId: category.id,
      authorId: user.id,
      kind,
      title: input.title,
      slug: slugify(input.title),
    })
    const post = await posts.insertPost(tx, { threadId: thread.id, postNumber: 1, authorId: user.id, markdown: input.body, html })
    await threads.touchThread(tx, thread.id, { postNumber: 1, authorId: user.id, createdAt: post.createdAt })
    await categories.addCategoryCounts(tx, category.id, 1, 1)
    await recordEvent(tx, {
      type: 'thread:created',
      threadId: thread.id,
      postId: post.id,
      categoryId: category.id,
      kind,
      readableBy: thread.readableBy,
    })
    return { threadId: thread.id, slug: thread.slug, postId: post.id, postNumber: 1 }
  })
}

/**
 * Adds a reply. The post number is taken under the thread's row lock, so
 * concurrent replies get consecutive numbers in commit order with no gaps.
 * Counted against the author's posts a minute before the thread is locked,
 * so a refused reply holds no lock.
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
  return sql.begin(async (tx) => {
    const thread = await threads.lockThreadById(tx, threadId)
    if (!thread) throw new DomainError('not_found')
    const user = authorize(actor, 'thread:reply', thread)
    const postNumber = thread.lastPostNumber + 1
    const post = await posts.insertPost(tx, { threadId, postNumber, authorId: user.id, markdown, html })
    // Sent together in one round trip: the thread and category rows stay
    // locked until commit, and every writer in the category waits for them.
    await Promise.all([
      threads.touchThread(tx, threadId, { postNumber, authorId: user.id, createdAt: post.createdAt }),
      recordEvent(tx, { type: 'post:created', threadId, postId: post.id, postNumber }),
      awardBadge(tx, user.id, 'first_reply'),
      categories.addCategoryCounts(tx, thread.categoryId, 0, 1),
    ])
    return { threadId, slug: thread.slug, postId: post.id, postNumber }
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
    if (post.markdown === markdown) return { threadId: thread.id, slug: thread.slug, postId, postNumber: post.postNumber }
    await posts.insertRevision(tx, { postId, revision: post.revision, markdown: post.markdown, editorId: user.id })
    const updated = await posts.updatePostText(tx, postId, { markdown, html })
    await recordEvent(tx, {
      type: 'post:edited',
      threadId: thread.id,
      postId,
      postNumber: post.postNumber,
      revision: updated.revision,
    })
    // Changing someone else's words is moderation: audited, and the earlier text is in the post's history.
    if (onBehalfOfSomeoneElse(user, post.authorId)) {
      await recordStaffAction(tx, user, 'post:edited', { type: 'post', id: postId }, { threadId: thread.id, revision: updated.revision })
    }
    return { threadId: thread.id, slug: thread.slug, postId, postNumber: post.postNumber }
  })
}

export async function setLocked(sql: Sql, actor: Actor, threadId: number, locked: boolean): Promise<void> {
  await sql.begin(async (tx) => {
    const thread = await threads.lockThreadById(tx, threadId)
    if (!thread) throw new DomainError('not_found')
    authorize(actor, 'thread:see', thread)
    const user = authorize(actor, 'thread:lock', thread)
    if (Boolean(thread.lockedAt) === locked) return
    await threads.setThreadLocked(tx, threadId, locked)
    await recordEvent(tx, { type: 'thread:locked', threadId, locked })
    await recordStaffAction(tx, user, locked ? 'thread:locked' : 'thread:unlocked', { type: 'thread', id: threadId })
  })
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

/** Deletes a reply: a placeholder shows in its place, and it leaves public view (points, accepted answer). */
export async function deletePost(sql: Sql, actor: Actor, postId: number, inThread?: number): Promise<PostRef> {
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
    await takeOutOfPublicView(tx, thread, postId)
    // A deleted post's open flags are settled: upheld when staff deleted it, moot when its author did.
    await settleFlagsOnDelete(tx, postId, actor!.id)
    await recordEvent(tx, { type: 'post:deleted', threadId: thread.id, postId, postNumber: post.postNumber })
    if (onBehalfOfSomeoneElse(user, post.authorId)) {
      await recordStaffAction(tx, user, 'post:deleted', { type: 'post', id: postId }, { threadId: thread.id, authorId: post.authorId })
    }
    return { threadId: thread.id, slug: thread.slug, postId, postNumber: post.postNumber }
  })
}
