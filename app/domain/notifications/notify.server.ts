import type { Db } from '../../../db/client'
import { listCustomersAffected } from '../../../db/queries/ideas'
import * as q from '../../../db/queries/notifications'
import { findPostById, type PostRow } from '../../../db/queries/posts'
import { findThreadById, type ThreadRow } from '../../../db/queries/threads'
import type { Delivery, NotificationKind, NotificationTopic } from '../../../db/types'
import { recordEvent, type ForumEvent } from '../events'
import { queueMail } from '../mail/queue.server'
import { mentionsIn } from '../markdown/render.server'
import { decide } from '../policy.server'
import { deliveriesFor } from './settings.server'
import { topicOf } from './topics'

/*
 * Who hears of what. For each forum event the rules below name the people
 * to tell, most specific first (a reply that quotes me is a quote, not also
 * a reply); the writer then drops the one who acted, anyone who muted the
 * thread, and anyone who may not see it, and writes one notification per
 * person, with its mail queued or left for the digest, in the outbox
 * consumer's transaction.
 */

const BELLS_PER_EVENT = 100

interface Candidate {
  userId: number
  kind: NotificationKind
  /** The thread is this person's own question: a reply there is an answer to them. */
  onMyQuestion?: boolean
}

interface Plan {
  thread: ThreadRow
  post: PostRow | null
  /** Whoever acted: never told of their own action. */
  actorId: number | null
  detail: Record<string, string>
  /** In priority order: each person is told once, of the first reason that names them. */
  candidates: Candidate[]
  /** Whether muting the thread (or its category) silences this; staff actions on one's own post are never muted. */
  mutable: boolean
  /** Asking or replying watches the thread. */
  watchFor?: number
}

type Followers = Awaited<ReturnType<typeof q.listThreadFollowers>>

async function mentionedIn(tx: Db, post: PostRow): Promise<Candidate[]> {
  // Most posts name nobody: no need to read their Markdown again.
  if (!post.markdown.includes('@')) return []
  const { mentioned, quoted } = mentionsIn(post.markdown)
  const [quotedIds, mentionedIds] = await Promise.all([q.findUserIdsByUsernames(tx, quoted), q.findUserIdsByUsernames(tx, mentioned)])
  return [
    ...quotedIds.map((userId) => ({ userId, kind: 'quote' as const })),
    ...mentionedIds.map((userId) => ({ userId, kind: 'mention' as const })),
  ]
}

/**
 * What a batch of replies reads again and again (a busy thread, its
 * followers, the same people), kept across consecutive replies only: any
 * other event may change who sees or follows what, and clears it.
 */
export interface BatchMemo {
  threads: Map<number, Promise<ThreadRow | undefined>>
  followers: Map<number, Promise<Followers>>
  people: Map<number, q.Recipient>
}

export function newBatchMemo(): BatchMemo {
  return { threads: new Map(), followers: new Map(), people: new Map() }
}

const memoKeeping: ReadonlySet<ForumEvent['type']> = new Set(['post:created', 'notifications:created', 'mail:queued'])

async function threadAndPost(tx: Db, memo: BatchMemo, threadId: number, postId: number | null) {
  let thread = memo.threads.get(threadId)
  if (!thread) memo.threads.set(threadId, (thread = findThreadById(tx, threadId)))
  const [found, post] = await Promise.all([thread, postId ? findPostById(tx, postId) : null])
  return found && (postId === null || post) ? { thread: found, post: post ?? null } : null
}

/** The rules: who an event tells, and why. Null for events that tell nobody. */
async function planFor(
  tx: Db,
  memo: BatchMemo,
  event: ForumEvent,
  followersOf: (thread: ThreadRow) => Promise<Followers>,
): Promise<Plan | null> {
  switch (event.type) {
    case 'post:created': {
      const found = await threadAndPost(tx, memo, event.threadId, event.postId)
      if (!found) return null
      const { thread, post } = found as { thread: ThreadRow; post: PostRow }
      const [named, followers] = await Promise.all([mentionedIn(tx, post), followersOf(thread)])
      // Watching a category tells of its new threads; each reply goes to those watching the thread itself.
      const watchers = [...followers].filter(([, f]) => f.level === 'watching' && f.chosenFor === 'thread').map(([userId]) => userId)
      return {
        thread,
        post,
        actorId: post.authorId,
        detail: {},
        // An answer to my question matters most to me, even one that quotes me: it is what I asked for, and it comes at once.
        candidates: [
          ...(thread.kind === 'question' ? [{ userId: thread.authorId, kind: 'reply' as const, onMyQuestion: true }] : []),
          ...named,
          { userId: thread.authorId, kind: 'reply' },
          ...watchers.map((userId) => ({
            userId,
            kind: 'reply' as const,
            onMyQuestion: userId === thread.authorId && thread.kind === 'question',
          })),
        ],
        mutable: true,
        watchFor: post.authorId,
      }
    }
    case 'thread:created': {
      const found = await threadAndPost(tx, memo, event.threadId, event.postId)
      if (!found) return null
      const { thread, post } = found as { thread: ThreadRow; post: PostRow }
      const [named, watchers] = await Promise.all([mentionedIn(tx, post), q.listCategoryWatchers(tx, thread.categoryId)])
      return {
        thread,
        post,
        actorId: post.authorId,
        detail: {},
        candidates: [...named, ...watchers.map((userId) => ({ userId, kind: 'new_thread' as const }))],
        mutable: true,
        watchFor: post.authorId,
      }
    }
    case 'thread:solved': {
      // Only a person accepting an answer tells anyone: un-accepting, or hiding's bookkeeping, does not.
      if (event.postId === null || event.actorId === undefined) return null
      const found = await threadAndPost(tx, memo, event.threadId, event.postId)
      if (!found) return null
      const { thread, post } = found as { thread: ThreadRow; post: PostRow }
      const meToos = await q.listMeTooPeople(tx, thread.id)
      return {
        thread,
        post,
        actorId: event.actorId,
        detail: {},
        candidates: [
          { userId: post.authorId, kind: 'accepted' },
          { userId: thread.authorId, kind: 'answered' },
          ...meToos.map((userId) => ({ userId, kind: 'answered' as const })),
        ],
        mutable: true,
      }
    }
    case 'idea:statusChanged': {
      // The closing of the loop: everyone the idea affects hears of its status, with the public note.
      const [thread, people, note] = await Promise.all([
        findThreadById(tx, event.threadId),
        listCustomersAffected(tx, event.threadId),
        q.findStatusNote(tx, event.threadId, event.status),
      ])
      if (!thread) return null
      return {
        thread,
        post: null,
        actorId: event.actorId ?? null,
        detail: { status: event.status, ...(note ? { note } : {}) },
        candidates: people.map((userId) => ({ userId, kind: 'idea_status' as const })),
        mutable: true,
      }
    }
    case 'post:hidden':
    case 'post:approved': {
      const found = await threadAndPost(tx, memo, event.threadId, event.postId)
      if (!found) return null
      const { thread, post } = found as { thread: ThreadRow; post: PostRow & { hiddenReason?: string | null } }
      const reason = event.type === 'post:hidden' ? post.hiddenReason : null
      return {
        thread,
        post,
        actorId: event.actorId ?? null,
        detail: reason ? { reason } : {},
        candidates: [{ userId: post.authorId, kind: event.type === 'post:hidden' ? 'post_hidden' : 'post_approved' }],
        mutable: false,
      }
    }
    default:
      return null
  }
}

/** The people an event tells, each once: the plan's candidates less the actor, mutes, and those who may not see it. */
async function recipientsOf(tx: Db, memo: BatchMemo, plan: Plan, followers: Followers | null) {
  const chosen = new Map<number, Candidate>()
  for (const candidate of plan.candidates) {
    if (candidate.userId === plan.actorId || chosen.has(candidate.userId)) continue
    if (followers?.get(candidate.userId)?.level === 'muted') continue
    chosen.set(candidate.userId, candidate)
  }
  // Checked now and again when mailed: a reader who may not see the thread or post is not told of it.
  const unknown = [...chosen.keys()].filter((id) => !memo.people.has(id))
  for (const person of await q.findRecipients(tx, unknown)) memo.people.set(person.id, person)
  const people = [...chosen.keys()].flatMap((id) => memo.people.get(id) ?? [])
  const { thread, post } = plan
  return people
    .filter((person) => decide({ id: person.id, username: person.username, role: person.role }, 'notification:see', { thread, post }).ok)
    .map((person) => ({ person, candidate: chosen.get(person.id)! }))
}

/** How each reader gets a topic by mail: their choice (or the default), and no mail at all before they confirm their address. */
async function deliveries(tx: Db, people: { id: number; emailVerified: boolean }[], topic: NotificationTopic) {
  const chosen = await deliveriesFor(
    tx,
    people.map((p) => p.id),
    topic,
  )
  return new Map(people.map((p): [number, Delivery] => [p.id, p.emailVerified ? chosen.get(p.id)! : 'never']))
}

/**
 * Writes the notifications one event gives, in the caller's transaction (the
 * notifications consumer's, which moves its position in the same commit):
 * the rows, the mail for those wanted at once, and the live news for each
 * reader's bell.
 */
export async function notifyOf(tx: Db, event: ForumEvent & { id: number; at: Date }, memo: BatchMemo = newBatchMemo()): Promise<void> {
  if (!memoKeeping.has(event.type)) Object.assign(memo, newBatchMemo())
  // A thread's followers are read once, whether the rules or the mutes ask first.
  const followersOf = (thread: ThreadRow) => {
    let followers = memo.followers.get(thread.id)
    if (!followers) memo.followers.set(thread.id, (followers = q.listThreadFollowers(tx, thread.id, thread.categoryId)))
    return followers
  }
  const plan = await planFor(tx, memo, event, followersOf)
  if (!plan) return
  const followed = plan.mutable ? await followersOf(plan.thread) : null
  // Asking or replying watches the thread, unless the author already chose how to follow it.
  if (plan.watchFor && followed && followed.get(plan.watchFor)?.chosenFor !== 'thread') {
    await q.watchByDefault(tx, plan.watchFor, plan.thread.id)
    followed.set(plan.watchFor, { level: 'watching', chosenFor: 'thread' })
  }
  const recipients = await recipientsOf(tx, memo, plan, followed)
  if (recipients.length === 0) return
  const rows: q.NewNotification[] = []
  const byTopic = new Map<NotificationTopic, typeof recipients>()
  for (const r of recipients) {
    const topic = topicOf(r.candidate.kind, r.candidate.onMyQuestion === true)
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), r])
  }
  for (const [topic, group] of byTopic) {
    const delivery = await deliveries(
      tx,
      group.map((r) => r.person),
      topic,
    )
    for (const { person, candidate } of group) {
      rows.push({
        userId: person.id,
        eventId: event.id,
        kind: candidate.kind,
        topic,
        threadId: plan.thread.id,
        postId: plan.post?.id ?? null,
        actorId: plan.actorId,
        detail: plan.detail,
        email: delivery.get(person.id)!,
        createdAt: event.at,
      })
    }
  }
  const written = await q.insertNotifications(tx, rows)
  const mailed = written.filter((n) => n.email === 'immediately')
  for (const n of mailed) await queueMail(tx, { kind: 'notification', userId: n.userId, notificationIds: [n.id] })
  await q.markEmailed(
    tx,
    mailed.map((n) => n.id),
  )
  // One event tells many readers' bells (each hears only their own count),
  // a hundred at most: the event travels in a NOTIFY, which holds 8,000 bytes.
  const unread = await q.countUnreadOf(tx, [...new Set(written.map((n) => n.userId))])
  const bells = [...unread].map(([userId, count]) => ({ userId, unread: count }))
  for (let start = 0; start < bells.length; start += BELLS_PER_EVENT) {
    await recordEvent(tx, { type: 'notifications:created', recipients: bells.slice(start, start + BELLS_PER_EVENT) })
  }
}
