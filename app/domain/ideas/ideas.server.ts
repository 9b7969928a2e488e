import type { Db, Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import * as ideas from '../../../db/queries/ideas'
import * as posts from '../../../db/queries/posts'
import * as threads from '../../../db/queries/threads'
import { slugify } from '../../lib/urls'
import { recordStaffAction } from '../audit/audit.server'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { consumeLimit, LIMITS_OFF, type LimitSettings } from '../limits/limits.server'
import { renderPost } from '../markdown/pipeline.server'
import { authorize, type Actor } from '../policy.server'
import { getSettings } from '../settings/settings.server'
import { validate } from '../validate'
import { noteSchema, promoteSchema, statusChangeSchema } from './idea.schema'
import { closedStatuses } from './idea.terms'

async function lockIdea(tx: Db, ideaId: number) {
  const idea = await threads.lockThreadById(tx, ideaId)
  if (!idea || idea.kind !== 'idea') throw new DomainError('not_found')
  return idea
}

/**
 * Votes for an idea, or takes the vote back. With a vote budget set, a vote
 * holds one of the voter's slots while the idea is open; the voter's row
 * lock makes the budget check safe against their own concurrent votes.
 * Counted against the voter's votes a minute, with helpful votes and "me too".
 */
export async function setIdeaVote(sql: Sql, actor: Actor, ideaId: number, on: boolean, limits: LimitSettings = LIMITS_OFF) {
  if (actor) await consumeLimit(sql, 'vote', actor.id, limits)
  const { voteBudget } = await getSettings(sql)
  return sql.begin(async (tx) => {
    if (actor) await ideas.lockUser(tx, actor.id)
    const idea = await lockIdea(tx, ideaId)
    const user = authorize(actor, 'idea:vote', idea)
    if (on) {
      if (voteBudget !== null && (await ideas.countHeldSlots(tx, user.id)) >= voteBudget) {
        throw new DomainError(
          'conflict',
          `You have used all ${voteBudget} of your votes. Take a vote back from another idea, or wait until one ships or is declined.`,
        )
      }
      if (await ideas.insertIdeaVote(tx, ideaId, user.id)) await ideas.takeSlot(tx, user.id, ideaId)
    } else if (await ideas.deleteIdeaVote(tx, ideaId, user.id)) {
      await ideas.releaseSlots(tx, { ideaId, userIds: [user.id] })
    }
    const count = await ideas.setVoteCount(tx, ideaId)
    if (count !== idea.voteCount) await recordEvent(tx, { type: 'idea:voted', threadId: ideaId, voteCount: count })
    const held = await ideas.countHeldSlots(tx, user.id)
    return {
      voted: on,
      count,
      slug: idea.slug,
      budget: voteBudget === null ? null : { total: voteBudget, left: Math.max(0, voteBudget - held) },
    }
  })
}

/** Moves an idea along its statuses; shipping or declining needs a public note and frees its votes' budget. */
export async function changeIdeaStatus(sql: Sql, actor: Actor, ideaId: number, input: { status: unknown; note?: unknown }) {
  const user = authorize(actor, 'idea:triage')
  const { status, note } = validate(statusChangeSchema, input)
  return sql.begin(async (tx) => {
    const idea = await lockIdea(tx, ideaId)
    if (idea.mergedIntoId) throw new DomainError('conflict', 'This idea was merged into another one; change that one instead.')
    if (idea.ideaStatus === status && !note) return { slug: idea.slug }
    await ideas.setIdeaStatus(tx, ideaId, status)
    if (closedStatuses.includes(status)) await ideas.releaseSlots(tx, { ideaId })
    await ideas.insertIdeaEvent(tx, {
      ideaId,
      actorId: user.id,
      type: 'status',
      fromStatus: idea.ideaStatus,
      toStatus: status,
      note: note || null,
    })
    await recordEvent(tx, { type: 'idea:statusChanged', threadId: ideaId, status, actorId: user.id })
    // The public note is why the status changed (shipped how, declined why).
    await recordStaffAction(
      tx,
      user,
      'idea:statusChanged',
      { type: 'idea', id: ideaId },
      { from: idea.ideaStatus, to: status },
      note || null,
    )
    return { slug: idea.slug }
  })
}

/**
 * Turns a question or discussion into a new idea thread linked to it. The
 * source keeps its replies, its accepted answer and its address, and links
 * to the idea; its author and "me too" people count among those affected.
 */
export async function promoteToIdea(sql: Sql, actor: Actor, sourceId: number, raw: { title: unknown; body: unknown }) {
  return sql.begin(async (tx) => {
    const source = await threads.lockThreadById(tx, sourceId)
    if (!source) throw new DomainError('not_found')
    authorize(actor, 'thread:see', source)
    const promotedAlready = (await ideas.findIdeasPromotedFrom(tx, sourceId)).length > 0
    const user = authorize(actor, 'thread:promote', { ...source, promotedAlready })
    const input = validate(promoteSchema, raw)
    const html = await renderPost(sql, input.body)
    const category = await ideas.findFirstIdeaCategory(tx)
    if (!category) throw new DomainError('conflict', 'No category takes ideas yet: an admin needs to create one.')
    const idea = await threads.insertThread(tx, {
      categoryId: category.id,
      authorId: user.id,
      kind: 'idea',
      title: input.title,
      slug: slugify(input.title),
      promotedFromId: sourceId,
    })
    const post = await posts.insertPost(tx, { threadId: idea.id, postNumber: 1, authorId: user.id, markdown: input.body, html })
    await threads.touchThread(tx, idea.id, { postNumber: 1, authorId: user.id, createdAt: post.createdAt })
    await categories.addCategoryCounts(tx, category.id, 1, 1)
    await ideas.insertIdeaLink(tx, idea.id, sourceId, user.id)
    await ideas.insertIdeaEvent(tx, { ideaId: idea.id, actorId: user.id, type: 'promoted', otherThreadId: sourceId })
    await recordEvent(tx, {
      type: 'thread:created',
      threadId: idea.id,
      postId: post.id,
      categoryId: category.id,
      kind: 'idea',
      readableBy: idea.readableBy,
    })
    await recordEvent(tx, { type: 'thread:promoted', threadId: sourceId, ideaId: idea.id })
    await recordStaffAction(tx, user, 'thread:promoted', { type: 'thread', id: sourceId }, { ideaId: idea.id })
    return { threadId: idea.id, slug: idea.slug }
  })
}

/** Links a support thread to an idea as evidence of demand. */
export async function linkThread(sql: Sql, actor: Actor, ideaId: number, threadId: number) {
  const user = authorize(actor, 'idea:triage')
  return sql.begin(async (tx) => {
    const idea = await lockIdea(tx, ideaId)
    if (idea.mergedIntoId) throw new DomainError('conflict', 'This idea was merged; link threads to the idea it was merged into.')
    const thread = await threads.findThreadById(tx, threadId)
    if (!thread || thread.deletedAt)
      throw new DomainError('invalid', 'Please check the form.', { thread: 'There is no thread with that number.' })
    if (thread.id === ideaId) throw new DomainError('invalid', 'Please check the form.', { thread: 'An idea cannot be linked to itself.' })
    if (await ideas.insertIdeaLink(tx, ideaId, threadId, user.id)) {
      await ideas.insertIdeaEvent(tx, { ideaId, actorId: user.id, type: 'linked', otherThreadId: threadId })
      await recordEvent(tx, { type: 'idea:linked', threadId: ideaId, linkedThreadId: threadId })
      await recordStaffAction(tx, user, 'idea:linked', { type: 'idea', id: ideaId }, { threadId })
    }
    return { slug: idea.slug }
  })
}

export async function unlinkThread(sql: Sql, actor: Actor, ideaId: number, threadId: number) {
  const user = authorize(actor, 'idea:triage')
  return sql.begin(async (tx) => {
    const idea = await lockIdea(tx, ideaId)
    if (await ideas.deleteIdeaLink(tx, ideaId, threadId)) {
      await ideas.insertIdeaEvent(tx, { ideaId, actorId: user.id, type: 'unlinked', otherThreadId: threadId })
      await recordEvent(tx, { type: 'idea:unlinked', threadId: ideaId, linkedThreadId: threadId })
      await recordStaffAction(tx, user, 'idea:unlinked', { type: 'idea', id: ideaId }, { threadId })
    }
    return { slug: idea.slug }
  })
}

/**
 * Merges idea B (a duplicate) into idea A. Votes move keeping their time and
 * slot, a person who voted for both keeps one vote and gets the other slot
 * back, links move, and B points to A and takes no new votes.
 */
export async function mergeIdeas(sql: Sql, actor: Actor, intoId: number, fromId: number) {
  const user = authorize(actor, 'idea:triage')
  if (intoId === fromId) throw new DomainError('invalid', 'Please check the form.', { thread: 'An idea cannot be merged into itself.' })
  return sql.begin(async (tx) => {
    // Lock both in id order, so two opposite merges cannot deadlock.
    const [first, second] = [Math.min(intoId, fromId), Math.max(intoId, fromId)]
    const locked = new Map([
      [first, await lockIdea(tx, first)],
      [second, await lockIdea(tx, second)],
    ])
    const into = locked.get(intoId)!
    const from = locked.get(fromId)!
    if (from.mergedIntoId) throw new DomainError('conflict', 'That idea was already merged.')
    if (into.mergedIntoId) throw new DomainError('conflict', 'The target idea was itself merged; merge into the idea it points to.')
    const result = await ideas.moveVotes(tx, fromId, intoId)
    // Votes that land on a closed idea hold no budget.
    if (into.ideaStatus && closedStatuses.includes(into.ideaStatus)) await ideas.releaseSlots(tx, { ideaId: intoId })
    await ideas.moveLinks(tx, fromId, intoId)
    await ideas.insertIdeaLink(tx, intoId, fromId, user.id)
    await ideas.markMerged(tx, fromId, intoId)
    const count = await ideas.setVoteCount(tx, intoId)
    await ideas.insertIdeaEvent(tx, { ideaId: intoId, actorId: user.id, type: 'merged_from', otherThreadId: fromId })
    await ideas.insertIdeaEvent(tx, { ideaId: fromId, actorId: user.id, type: 'merged_into', otherThreadId: intoId })
    await recordEvent(tx, { type: 'idea:merged', threadId: fromId, intoId })
    await recordStaffAction(
      tx,
      user,
      'idea:merged',
      { type: 'idea', id: fromId },
      { intoId, votesMoved: result.moved, duplicateVotes: result.duplicates },
    )
    await recordEvent(tx, { type: 'idea:voted', threadId: intoId, voteCount: count })
    return { ...result, voteCount: count, slug: into.slug }
  })
}

/** A note only product, staff and admins see; it never reaches members, visitors, search or member exports. */
export async function addInternalNote(sql: Sql, actor: Actor, ideaId: number, raw: unknown) {
  const user = authorize(actor, 'idea:triage')
  const { body: markdown } = validate(noteSchema, { body: raw })
  const html = await renderPost(sql, markdown)
  return sql.begin(async (tx) => {
    const idea = await lockIdea(tx, ideaId)
    await ideas.insertIdeaNote(tx, { ideaId, authorId: user.id, markdown, html })
    // Staff-only news: the live layer sends it to the staff room alone.
    await recordEvent(tx, { type: 'idea:noteAdded', threadId: ideaId })
    return { slug: idea.slug }
  })
}
