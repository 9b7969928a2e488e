import type { Db, Sql } from '../../../db/client'
import * as audit from '../../../db/queries/audit'
import * as mod from '../../../db/queries/moderation'
import * as posts from '../../../db/queries/posts'
import { setAcceptedPost } from '../../../db/queries/questions'
import { deleteSessionsOfUser } from '../../../db/queries/sessions'
import * as threads from '../../../db/queries/threads'
import type { ThreadRow } from '../../../db/queries/threads'
import * as users from '../../../db/queries/users'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { LIMITS_OFF, type LimitSettings } from '../limits/limits'
import { consumeLimit } from '../limits/limits.server'
import { excerptOf } from '../markdown/render.server'
import { authorize, isStaff, type Actor } from '../policy.server'
import { givePoints } from '../questions/reputation.server'
import { getSettings } from '../settings/settings.server'
import { takeOutOfPublicView } from '../threads/public-view.server'
import { deletePost, findPostWithThread, publishHeld } from '../threads/write.server'
import { validate } from '../validate'
import { queueChanged } from './flags.server'
import { flagSchema, suspendSchema } from './moderation.schema'

/*
 * Moderation: members flag, staff decide. Hiding takes a post out of public
 * view the way deletion does (points, the accepted answer), and remembers
 * enough to put it all back when the post is approved.
 */

type PostRow = NonNullable<Awaited<ReturnType<typeof posts.findPostById>>>

/** Locks the thread then the post, as every write that takes both does. */
async function lockPost(tx: Db, postId: number): Promise<{ thread: ThreadRow; post: PostRow }> {
  const found = await posts.findPostById(tx, postId)
  if (!found) throw new DomainError('not_found')
  const thread = await threads.lockThreadById(tx, found.threadId)
  const post = await posts.lockPostById(tx, postId)
  if (!thread || !post) throw new DomainError('not_found')
  return { thread, post }
}

async function hideInTransaction(tx: Db, thread: ThreadRow, post: PostRow, reason: string, actorId: number) {
  if (post.hiddenAt) return false
  const wasAccepted = thread.acceptedPostId === post.id
  await mod.markHidden(tx, post.id, reason, wasAccepted)
  await takeOutOfPublicView(tx, thread, post.id)
  // Only public posts are hidden (the policy refuses held ones), so it has its number.
  await recordEvent(tx, { type: 'post:hidden', threadId: thread.id, postId: post.id, postNumber: post.postNumber!, actorId })
  if (wasAccepted) await recordEvent(tx, { type: 'thread:solved', threadId: thread.id, postId: null })
  return true
}

/** Puts back what hiding took: the helpful votes' points and, if nothing replaced it, the accepted answer. */
async function unhideInTransaction(tx: Db, thread: ThreadRow, post: PostRow) {
  const wasAccepted = post.hiddenWasAccepted
  await mod.markUnhidden(tx, post.id)
  for (const voter of await mod.listHelpfulVoters(tx, post.id)) {
    await givePoints(tx, 'helpful_vote', post.authorId, { postId: post.id, giverId: voter })
  }
  if (wasAccepted && thread.acceptedPostId === null) {
    await setAcceptedPost(tx, thread.id, post.id)
    if (post.authorId !== thread.authorId) await givePoints(tx, 'answer_accepted', post.authorId, { threadId: thread.id, postId: post.id })
    await recordEvent(tx, { type: 'thread:solved', threadId: thread.id, postId: post.id })
  }
  await recordEvent(tx, { type: 'post:unhidden', threadId: thread.id, postId: post.id, postNumber: post.postNumber! })
}

/**
 * A member flags a post. Enough flags from distinct trusted members (the
 * community's threshold), or one from staff, hide it at once pending review;
 * a staff member's post is never hidden by flags.
 */
export async function flagPost(
  sql: Sql,
  actor: Actor,
  postId: number,
  input: { reason: unknown; note?: unknown },
  limits: LimitSettings = LIMITS_OFF,
) {
  const { flagThreshold } = await getSettings(sql)
  return sql.begin(async (tx) => {
    const { thread, post } = await lockPost(tx, postId)
    const user = authorize(actor, 'post:flag', { ...post, thread })
    const flag = validate(flagSchema, input)
    await consumeLimit(tx, 'flag', user.id, limits)
    const added = await mod.insertFlag(tx, { postId, userId: user.id, reason: flag.reason, note: flag.note ?? null })
    if (!added) throw new DomainError('conflict', 'You flagged this post already; staff will review it.')
    const weight = await mod.countWeightyFlags(tx, postId)
    const author = await mod.lockUserForModeration(tx, post.authorId)
    const authorIsStaff = isStaff(author)
    let hiddenNow = false
    if (!authorIsStaff && (weight.staff > 0 || weight.trusted >= flagThreshold)) {
      hiddenNow = await hideInTransaction(tx, thread, post, `Flagged by the community as ${flag.reason.replace('_', '-')}`, user.id)
      if (hiddenNow)
        await audit.insertAudit(tx, {
          actorId: null,
          action: 'post:hidden',
          target: { type: 'post', id: postId },
          reason: 'flags',
          detail: { flags: weight },
        })
    }
    await queueChanged(tx)
    return { threadId: thread.id, slug: thread.slug, postNumber: post.postNumber, hidden: hiddenNow }
  })
}

/** The post a member is about to flag, as the flag form shows it. */
export async function getPostForFlag(sql: Sql, actor: Actor, postId: number) {
  const { post, thread } = await findPostWithThread(sql, postId)
  authorize(actor, 'thread:see', thread)
  authorize(actor, 'post:flag', { ...post, thread })
  return {
    post: { id: post.id, postNumber: post.postNumber, excerpt: excerptOf(post.html, 300) },
    thread: { id: thread.id, slug: thread.slug, title: thread.title },
  }
}

export async function withdrawFlag(sql: Sql, actor: Actor, postId: number) {
  return sql.begin(async (tx) => {
    const { thread, post } = await lockPost(tx, postId)
    const user = authorize(actor, 'thread:see', thread)
    if (!(await mod.deleteOpenFlag(tx, postId, user.id))) throw new DomainError('not_found', 'You have no flag on this post.')
    await queueChanged(tx)
    return { threadId: thread.id, slug: thread.slug, postNumber: post.postNumber }
  })
}

/** Staff hide a post: its author still sees it, with the reason. */
export async function hidePost(sql: Sql, actor: Actor, postId: number, reason?: unknown) {
  return sql.begin(async (tx) => {
    const { thread, post } = await lockPost(tx, postId)
    const user = authorize(actor, 'post:hide', { ...post, thread })
    const why = typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, 500) : 'Hidden by staff'
    if (await hideInTransaction(tx, thread, post, why, user.id)) {
      await audit.insertAudit(tx, {
        actorId: user.id,
        action: 'post:hidden',
        target: { type: 'post', id: postId },
        reason: why,
        detail: { threadId: thread.id },
      })
    }
    await mod.resolveFlags(tx, postId, 'upheld', user.id)
    await queueChanged(tx)
    return { threadId: thread.id, slug: thread.slug, postNumber: post.postNumber }
  })
}

/**
 * Staff approve a post: its flags are cleared, and if it was hidden it is
 * public again, as before. A newcomer's held post becomes public as if
 * written now (its number, counts and news: publishHeld), and once enough of
 * their posts are public the newcomer is trusted and no longer held.
 */
export async function approvePost(sql: Sql, actor: Actor, postId: number) {
  const { newMemberHeldPosts } = await getSettings(sql)
  return sql.begin(async (tx) => {
    const { thread, post } = await lockPost(tx, postId)
    const user = authorize(actor, 'post:approve', { ...post, thread })
    if (post.heldAt) {
      const postNumber = await publishHeld(tx, thread, post)
      const trusted = await users.trustAfterPublicPosts(tx, post.authorId, newMemberHeldPosts)
      await recordEvent(tx, { type: 'post:approved', threadId: thread.id, postId, actorId: user.id })
      await audit.insertAudit(tx, {
        actorId: user.id,
        action: 'post:approved',
        target: { type: 'post', id: postId },
        detail: { threadId: thread.id, postNumber, authorId: post.authorId, ...(trusted ? { authorTrusted: true } : {}) },
      })
      await queueChanged(tx)
      return { threadId: thread.id, slug: thread.slug, postNumber, held: true }
    }
    const wasHidden = Boolean(post.hiddenAt)
    if (wasHidden) await unhideInTransaction(tx, thread, post)
    const cleared = await mod.resolveFlags(tx, postId, 'cleared', user.id)
    if (wasHidden || cleared) {
      await audit.insertAudit(tx, {
        actorId: user.id,
        action: wasHidden ? 'post:unhidden' : 'flags:cleared',
        target: { type: 'post', id: postId },
        detail: { threadId: thread.id, flagsCleared: cleared },
      })
    }
    await queueChanged(tx)
    return { threadId: thread.id, slug: thread.slug, postNumber: post.postNumber, held: false }
  })
}

/** Staff delete a post from the queue (flagged or held), optionally saying why; only staff work the queue. */
export async function deleteFromQueue(sql: Sql, actor: Actor, postId: number, reason?: string | null) {
  authorize(actor, 'mod:queue')
  return deletePost(sql, actor, postId, undefined, reason)
}

/**
 * Suspends a member for some days, or for good: their sessions end now,
 * their open pages lose their live connection, and until it lifts they
 * read but do not post, vote or flag.
 */
export async function suspendUser(sql: Sql, actor: Actor, userId: number, input: { days: unknown; reason: unknown }) {
  return sql.begin(async (tx) => {
    const target = await mod.lockUserForModeration(tx, userId)
    if (!target) throw new DomainError('not_found')
    const user = authorize(actor, 'user:suspend', target)
    const { days, reason } = validate(suspendSchema, input)
    const until = days === 'forever' ? new Date('9999-12-31T00:00:00Z') : new Date(Date.now() + days * 86_400_000)
    await mod.setSuspension(tx, userId, until, reason)
    await deleteSessionsOfUser(tx, userId)
    await audit.insertAudit(tx, {
      actorId: user.id,
      action: 'user:suspended',
      target: { type: 'user', id: userId },
      reason,
      detail: { username: target.username, until: days === 'forever' ? 'forever' : until.toISOString() },
    })
    await recordEvent(tx, { type: 'user:suspended', userId })
    return { username: target.username, until }
  })
}

export async function unsuspendUser(sql: Sql, actor: Actor, userId: number) {
  return sql.begin(async (tx) => {
    const target = await mod.lockUserForModeration(tx, userId)
    if (!target) throw new DomainError('not_found')
    const user = authorize(actor, 'user:suspend', target)
    await mod.setSuspension(tx, userId, null, null)
    await audit.insertAudit(tx, {
      actorId: user.id,
      action: 'user:unsuspended',
      target: { type: 'user', id: userId },
      detail: { username: target.username },
    })
    return { username: target.username }
  })
}
