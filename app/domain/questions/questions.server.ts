import type { Sql } from '../../../db/client'
import * as posts from '../../../db/queries/posts'
import * as q from '../../../db/queries/questions'
import * as threads from '../../../db/queries/threads'
import { onBehalfOfSomeoneElse, recordStaffAction } from '../audit/audit.server'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { consumeLimit, LIMITS_OFF, type LimitSettings } from '../limits/limits.server'
import { authorize, type Actor } from '../policy.server'
import { badgesReached } from './recognition'
import { awardAnswerBadges, awardBadge, givePoints, takeBackPoints } from './reputation.server'

/**
 * Sets the actor's helpful vote on a reply to `on` or off. Saying the wanted
 * state (not "toggle") makes a double click or a retried request harmless:
 * two "on" at once leave one vote. The post's row lock orders concurrent voters.
 * Every vote given or taken back counts against the voter's votes a minute.
 */
export async function setHelpfulVote(
  sql: Sql,
  actor: Actor,
  postId: number,
  on: boolean,
  inThread?: number,
  limits: LimitSettings = LIMITS_OFF,
) {
  if (actor) await consumeLimit(sql, 'vote', actor.id, limits)
  return sql.begin(async (tx) => {
    const post = await posts.lockPostById(tx, postId)
    // A reply id from another thread than the page's is refused, not followed.
    if (!post || (inThread !== undefined && post.threadId !== inThread)) throw new DomainError('not_found')
    const thread = await threads.findThreadById(tx, post.threadId)
    if (!thread) throw new DomainError('not_found')
    const user = authorize(actor, 'post:voteHelpful', { ...post, thread })
    const changed = on ? await q.insertHelpfulVote(tx, postId, user.id) : await q.deleteHelpfulVote(tx, postId, user.id)
    let count = post.helpfulCount
    if (changed) {
      count = await q.addHelpfulCount(tx, postId, on ? 1 : -1)
      if (on) await givePoints(tx, 'helpful_vote', post.authorId, { postId, giverId: user.id })
      else await takeBackPoints(tx, 'helpful_vote', { postId, giverId: user.id })
      if (on) for (const badge of badgesReached('helpfulVotesOnReply', count)) await awardBadge(tx, post.authorId, badge)
      // Held posts take no votes (the policy), so it has its number.
      await recordEvent(tx, { type: 'post:voted', threadId: thread.id, postId, postNumber: post.postNumber!, helpfulCount: count })
    }
    return { voted: on, count, threadId: thread.id, slug: thread.slug, postNumber: post.postNumber }
  })
}

/** "I have this question too": one per person, shown as a count and worth a little to the asker. */
export async function setMeToo(sql: Sql, actor: Actor, threadId: number, on: boolean, limits: LimitSettings = LIMITS_OFF) {
  if (actor) await consumeLimit(sql, 'vote', actor.id, limits)
  return sql.begin(async (tx) => {
    const thread = await threads.lockThreadById(tx, threadId)
    if (!thread) throw new DomainError('not_found')
    const user = authorize(actor, 'thread:meToo', thread)
    const changed = on ? await q.insertMeToo(tx, threadId, user.id) : await q.deleteMeToo(tx, threadId, user.id)
    let count = thread.meTooCount
    if (changed) {
      count = await q.addMeTooCount(tx, threadId, on ? 1 : -1)
      if (on) await givePoints(tx, 'me_too', thread.authorId, { threadId, giverId: user.id })
      else await takeBackPoints(tx, 'me_too', { threadId, giverId: user.id })
      if (on) for (const badge of badgesReached('meToosOnQuestion', count)) await awardBadge(tx, thread.authorId, badge)
      await recordEvent(tx, { type: 'thread:meToo', threadId, meTooCount: count })
    }
    return { on, count, threadId, slug: thread.slug }
  })
}

/**
 * Marks a reply as the question's accepted answer, replacing any earlier one.
 * The thread's row lock orders concurrent accepts, so exactly one answer stands.
 * Accepting your own reply to your own question solves it but earns nothing.
 */
export async function acceptAnswer(sql: Sql, actor: Actor, threadId: number, postId: number) {
  return sql.begin(async (tx) => {
    const thread = await threads.lockThreadById(tx, threadId)
    if (!thread) throw new DomainError('not_found')
    const user = authorize(actor, 'thread:accept', thread)
    const post = await posts.findPostById(tx, postId)
    // A reply from another thread, or one the community cannot see, is not an answer here.
    if (!post || post.threadId !== threadId || post.deletedAt || post.hiddenAt || post.heldAt) throw new DomainError('not_found')
    if (post.postNumber === 1) throw new DomainError('forbidden', 'The question itself cannot be its answer.')
    if (thread.acceptedPostId === postId) return { threadId, slug: thread.slug, postNumber: post.postNumber }
    if (thread.acceptedPostId) await takeBackPoints(tx, 'answer_accepted', { threadId })
    await q.setAcceptedPost(tx, threadId, postId)
    if (post.authorId !== thread.authorId) {
      await givePoints(tx, 'answer_accepted', post.authorId, { threadId, postId })
    }
    await awardAnswerBadges(tx, post.authorId)
    await recordEvent(tx, { type: 'thread:solved', threadId, postId, actorId: user.id })
    // Staff deciding for the asker is a staff action; the asker deciding is not.
    if (onBehalfOfSomeoneElse(user, thread.authorId)) {
      await recordStaffAction(
        tx,
        user,
        'answer:accepted',
        { type: 'post', id: postId },
        { threadId, replacedPostId: thread.acceptedPostId },
      )
    }
    return { threadId, slug: thread.slug, postNumber: post.postNumber }
  })
}

export async function unacceptAnswer(sql: Sql, actor: Actor, threadId: number) {
  return sql.begin(async (tx) => {
    const thread = await threads.lockThreadById(tx, threadId)
    if (!thread) throw new DomainError('not_found')
    const user = authorize(actor, 'thread:accept', thread)
    if (!thread.acceptedPostId) return { threadId, slug: thread.slug }
    await takeBackPoints(tx, 'answer_accepted', { threadId })
    await q.setAcceptedPost(tx, threadId, null)
    await recordEvent(tx, { type: 'thread:solved', threadId, postId: null, actorId: user.id })
    if (onBehalfOfSomeoneElse(user, thread.authorId)) {
      await recordStaffAction(tx, user, 'answer:unaccepted', { type: 'post', id: thread.acceptedPostId }, { threadId })
    }
    return { threadId, slug: thread.slug }
  })
}
