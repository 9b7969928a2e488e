import type { Sql, Tx } from '../../../db/client'
import { insertAudit } from '../../../db/queries/audit'
import * as categories from '../../../db/queries/categories'
import { setAcceptedPost } from '../../../db/queries/questions'
import * as tools from '../../../db/queries/thread-tools'
import * as threads from '../../../db/queries/threads'
import { postUrl, threadUrl } from '../../lib/urls'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { authorize, can, type Actor, type User } from '../policy.server'
import { takeBackPoints } from '../questions/reputation.server'
import { kindLabels } from './thread.terms'
import type { PinChoice } from './tools.terms'

/*
 * Staff thread tools: pin, move, close as a duplicate, merge. Each one is
 * authorized by the policy under the thread's row lock and, in one
 * transaction, changes the rows, writes exactly one audit entry (with the
 * staff member's reason) and records one event, so the log, live pages and
 * search all hear of the same change or of none.
 */

type Reason = { reason?: string }

/** Locks the thread and checks the actor may see it and use the tool on it. */
async function lockFor(
  tx: Tx,
  actor: Actor,
  threadId: number,
  action: 'thread:pin' | 'thread:move' | 'thread:merge' | 'thread:closeAsDuplicate',
) {
  const thread = await threads.lockThreadById(tx, threadId)
  // A merged thread lives on in its target: its tools are there.
  if (!thread || thread.postsMergedAt) throw new DomainError('not_found')
  authorize(actor, 'thread:see', thread)
  return { thread, user: authorize(actor, action, thread) }
}

/** A thread another tool points at, by the id staff typed: it must be a live thread, not this one. */
async function otherThread(tx: Tx, actor: Actor, id: number, selfId: number, field: string) {
  if (id === selfId) throw new DomainError('invalid', 'Please check the form.', { [field]: 'Pick another thread, not this one.' })
  const other = await threads.findThreadById(tx, id)
  if (!other || other.postsMergedAt || other.deletedAt || !can(actor, 'thread:see', other)) {
    throw new DomainError('invalid', 'Please check the form.', { [field]: 'There is no open thread with that number.' })
  }
  return other
}

function audit(tx: Tx, user: User, action: string, threadId: number, reason: string | undefined, detail: Record<string, unknown>) {
  return insertAudit(tx, { actorId: user.id, action, target: { type: 'thread', id: threadId }, reason, detail })
}

/** Pins a thread in its category or everywhere, or unpins it. Pinned threads lead their lists. */
export async function pinThread(sql: Sql, actor: Actor, threadId: number, input: { pinned: PinChoice } & Reason) {
  const pinned = input.pinned === 'none' ? null : input.pinned
  return sql.begin(async (tx) => {
    const { thread, user } = await lockFor(tx, actor, threadId, 'thread:pin')
    if (thread.pinned === pinned) return { changed: false }
    await tools.setThreadPinned(tx, threadId, pinned)
    await audit(tx, user, 'thread:pinned', threadId, input.reason, { from: thread.pinned, to: pinned })
    await recordEvent(tx, { type: 'thread:pinned', threadId, categoryId: thread.categoryId, pinned })
    return { changed: true }
  })
}

/**
 * Moves a thread to another category that takes its kind. Its URL has no
 * category in it, so links keep working; both categories' counts follow.
 */
export async function moveThread(sql: Sql, actor: Actor, threadId: number, input: { category: string } & Reason) {
  return sql.begin(async (tx) => {
    const { thread, user } = await lockFor(tx, actor, threadId, 'thread:move')
    const to = await categories.findCategoryBySlug(tx, input.category)
    if (!to) throw new DomainError('invalid', 'Please check the form.', { category: 'Pick one of the categories listed.' })
    if (to.id === thread.categoryId)
      throw new DomainError('invalid', 'Please check the form.', { category: 'The thread is in that category already.' })
    if (to.archivedAt)
      throw new DomainError('invalid', 'Please check the form.', { category: `${to.name} is archived: it takes no threads.` })
    if (!to.allowedKinds.includes(thread.kind)) {
      const label = kindLabels[thread.kind].toLowerCase()
      throw new DomainError('invalid', 'Please check the form.', { category: `${to.name} takes no ${label}s.` })
    }
    // Both category rows, in id order: two opposite moves cannot deadlock.
    const [first, second] = [thread.categoryId, to.id].sort((a, b) => a - b)
    const posts = thread.lastPostNumber
    const change = new Map([
      [thread.categoryId, -1],
      [to.id, 1],
    ])
    await categories.addCategoryCounts(tx, first, change.get(first)!, change.get(first)! * posts)
    await categories.addCategoryCounts(tx, second, change.get(second)!, change.get(second)! * posts)
    await tools.setThreadCategory(tx, threadId, to.id)
    await audit(tx, user, 'thread:moved', threadId, input.reason, { from: thread.categoryId, to: to.id })
    await recordEvent(tx, { type: 'thread:moved', threadId, fromCategoryId: thread.categoryId, toCategoryId: to.id })
    return { categoryName: to.name }
  })
}

/** Closes a thread as a duplicate of another: it is locked, and its page links to the other. */
export async function closeAsDuplicate(sql: Sql, actor: Actor, threadId: number, input: { duplicateOf: number } & Reason) {
  return sql.begin(async (tx) => {
    const { thread, user } = await lockFor(tx, actor, threadId, 'thread:closeAsDuplicate')
    const other = await otherThread(tx, actor, input.duplicateOf, threadId, 'duplicateOf')
    if (thread.duplicateOfId === other.id) return { title: other.title }
    await tools.setDuplicateOf(tx, threadId, other.id)
    await audit(tx, user, 'thread:closedAsDuplicate', threadId, input.reason, { duplicateOf: other.id, from: thread.duplicateOfId })
    await recordEvent(tx, { type: 'thread:closedAsDuplicate', threadId, duplicateOfId: other.id })
    return { title: other.title }
  })
}

/** Undoes a duplicate close: the link goes and the thread takes replies again. */
export async function reopenDuplicate(sql: Sql, actor: Actor, threadId: number, input: Reason = {}) {
  return sql.begin(async (tx) => {
    const { thread, user } = await lockFor(tx, actor, threadId, 'thread:closeAsDuplicate')
    if (!thread.duplicateOfId) return { changed: false }
    await tools.setDuplicateOf(tx, threadId, null)
    await audit(tx, user, 'thread:reopened', threadId, input.reason, { duplicateOf: thread.duplicateOfId })
    await recordEvent(tx, { type: 'thread:closedAsDuplicate', threadId, duplicateOfId: null })
    return { changed: true }
  })
}

/**
 * Merges a thread into another. Its posts go to the end of the target,
 * numbered on from the target's last in the order they were written, so no
 * number in the target changes and readers' "after post n" catch-up still
 * holds. The source stays as a row (not deleted) marked merged: it leaves
 * lists and search, and every old address redirects through
 * thread_redirects to the same post's new number. Its accepted answer is
 * dropped, with the answerer's points, as an unaccept would: the target's
 * question is the one that stands. Votes stay with their posts.
 */
export async function mergeThread(sql: Sql, actor: Actor, fromId: number, input: { into: number } & Reason) {
  return sql.begin(async (tx) => {
    // Both thread rows, in id order, so two opposite merges cannot deadlock.
    const lockSource = () => lockFor(tx, actor, fromId, 'thread:merge')
    const lockTarget = () => threads.lockThreadById(tx, input.into)
    let source: Awaited<ReturnType<typeof lockSource>>
    if (fromId < input.into) {
      source = await lockSource()
      await lockTarget()
    } else {
      if (fromId !== input.into) await lockTarget()
      source = await lockSource()
    }
    const { thread: from, user } = source
    const into = await otherThread(tx, actor, input.into, fromId, 'into')
    if (from.acceptedPostId) {
      await takeBackPoints(tx, 'answer_accepted', { threadId: fromId })
      await setAcceptedPost(tx, fromId, null)
    }
    const moved = await tools.appendPostsToThread(tx, fromId, into.id, into.lastPostNumber)
    await tools.insertRedirects(tx, fromId, into.id, moved)
    await tools.markPostsMerged(tx, fromId, into.id)
    const last = into.lastPostNumber + moved.length
    await tools.recountThread(tx, into.id, last)
    if (from.categoryId === into.categoryId) {
      await categories.addCategoryCounts(tx, from.categoryId, -1, 0)
    } else {
      const [first, second] = [from.categoryId, into.categoryId].sort((a, b) => a - b)
      const delta = (id: number) => (id === from.categoryId ? [-1, -moved.length] : [0, moved.length])
      await categories.addCategoryCounts(tx, first, ...(delta(first) as [number, number]))
      await categories.addCategoryCounts(tx, second, ...(delta(second) as [number, number]))
    }
    await audit(tx, user, 'thread:merged', fromId, input.reason, {
      into: into.id,
      posts: moved.length,
      firstPostNumber: into.lastPostNumber + 1,
      droppedAcceptedPostId: from.acceptedPostId,
    })
    await recordEvent(tx, { type: 'thread:merged', threadId: fromId, intoId: into.id, postIds: moved.map((p) => p.id) })
    return { threadId: into.id, slug: into.slug, postNumber: into.lastPostNumber + 1, moved: moved.length }
  })
}

/**
 * Where an address of a merged thread goes now (the post's new number when
 * it named one that moved), or null when the thread was not merged.
 */
export async function findMergedThreadUrl(sql: Sql, threadId: number, postNumber?: number): Promise<string | null> {
  const target = await tools.findThreadRedirect(sql, threadId, postNumber)
  if (!target) return null
  const to = { id: target.id, slug: target.slug }
  return target.postNumber ? postUrl(to, target.postNumber).replace(/#.*/, '') : threadUrl(to)
}

/** What the thread page's staff tools need: the categories to move to. Null for everyone else, at no query. */
export async function getThreadTools(sql: Sql, actor: Actor, thread: { pinned: string | null; categorySlug: string }) {
  if (!can(actor, 'thread:move', { authorId: 0, lockedAt: null, deletedAt: null, readableBy: 'everyone' })) return null
  const list = await categories.listCategories(sql)
  return {
    pinned: (thread.pinned ?? 'none') as PinChoice,
    categories: list.filter((c) => c.slug !== thread.categorySlug && !c.archivedAt).map((c) => ({ slug: c.slug, name: c.name })),
  }
}
