import type { Db } from '../../db/client'
import { appendToOutbox } from '../../db/queries/outbox'
import type { Readability, ThreadKind } from '../../db/types'

/*
 * Everything that happens in the forum, as one map from event name to
 * payload. Business verbs record events in their own transaction; every
 * process hears them after commit (the dispatcher), and the live layer sends
 * some to open pages. Payloads carry ids and counts, never text or HTML,
 * because readers differ in what they may see.
 */
export interface ForumEvents {
  /** `readableBy`: who reads the new thread's category; lists hear of it only in that audience. */
  'thread:created': { threadId: number; postId: number; categoryId: number; kind?: ThreadKind; readableBy?: Readability }
  'thread:locked': { threadId: number; locked: boolean }
  /** Who reads a category changed: search re-reads its threads. */
  'category:readabilityChanged': { categoryId: number; readableBy: Readability }
  /** An admin created, renamed, described, recoloured, reordered, archived or deleted a category: pages listing it change. */
  'category:changed': { categoryId: number }
  /** A category went into another with its threads: search re-reads the other's threads. */
  'category:merged': { categoryId: number; intoId: number }
  'thread:meToo': { threadId: number; meTooCount: number }
  /** `actorId`: who accepted (or un-accepted) the answer; absent when hiding the answer took it away. */
  'thread:solved': { threadId: number; postId: number | null; actorId?: number }
  'thread:promoted': { threadId: number; ideaId: number }
  'post:created': { threadId: number; postId: number; postNumber: number }
  'post:edited': { threadId: number; postId: number; postNumber: number; revision: number }
  'post:deleted': { threadId: number; postId: number; postNumber: number }
  'post:voted': { threadId: number; postId: number; postNumber: number; helpfulCount: number }
  'idea:voted': { threadId: number; voteCount: number }
  'idea:statusChanged': { threadId: number; status: string; actorId?: number }
  'idea:linked': { threadId: number; linkedThreadId: number }
  'idea:unlinked': { threadId: number; linkedThreadId: number }
  'idea:merged': { threadId: number; intoId: number }
  'idea:noteAdded': { threadId: number }
  'post:hidden': { threadId: number; postId: number; postNumber: number; actorId?: number }
  /** Staff approved a newcomer's held post (its post:created or thread:created comes with it). */
  'post:approved': { threadId: number; postId: number; actorId: number }
  /**
   * Members have news, from one event: `unread` is what each one's bell shows
   * now. One event for all of them; each member's room hears only their own
   * entry (liveDeliveries).
   */
  'notifications:created': { recipients: { userId: number; unread: number }[] }
  /** A member read some or all of their notifications (in another tab, perhaps). */
  'notifications:read': { userId: number; unread: number }
  /** A message waits for the mail consumer. */
  'mail:queued': { mailId: number }
  'post:unhidden': { threadId: number; postId: number; postNumber: number }
  'mod:queue': { waiting: number }
  'user:suspended': { userId: number }
  'user:deleted': { userId: number }
  /** An admin changed someone's role: pages label staff by it. */
  'user:roleChanged': { userId: number }
  'user:profileChanged': { userId: number }
  /** A member's picture changed (or staff took it down): every page showing their posts shows the new one. */
  'user:avatarChanged': { userId: number }
  /** A member asked for an archive of their data: the archive consumer builds it. */
  'account:archiveRequested': { archiveId: number }
  'settings:changed': { keys: string[] }
  'posts:rerendered': { changed: number }
  // Staff took an upload down: every process forgets the bytes it kept to serve.
  'upload:removed': { hash: string }
  // Staff thread tools. A merge names the posts it moved: search re-indexes them under their new thread.
  'thread:pinned': { threadId: number; categoryId: number; pinned: 'category' | 'global' | null }
  'thread:moved': { threadId: number; fromCategoryId: number; toCategoryId: number }
  'thread:merged': { threadId: number; intoId: number; postIds: number[] }
  'thread:closedAsDuplicate': { threadId: number; duplicateOfId: number | null }
}

export type EventType = keyof ForumEvents
export type ForumEvent = { [K in EventType]: { type: K } & ForumEvents[K] }[EventType]

/**
 * Who hears each event live: the readers of its thread (and of the lists
 * that show it), staff and product teams only (internal notes), the one
 * member it concerns (their own room), or no open page.
 */
export const audience = {
  'thread:created': 'thread',
  'thread:locked': 'thread',
  'thread:meToo': 'thread',
  'thread:solved': 'thread',
  'thread:promoted': 'thread',
  'post:created': 'thread',
  'post:edited': 'thread',
  'post:deleted': 'thread',
  'post:voted': 'thread',
  'idea:voted': 'thread',
  'idea:statusChanged': 'thread',
  'idea:linked': 'thread',
  'idea:unlinked': 'thread',
  'idea:merged': 'thread',
  'idea:noteAdded': 'product',
  'post:hidden': 'thread',
  'post:unhidden': 'thread',
  'post:approved': 'none',
  'notifications:created': 'user',
  'notifications:read': 'user',
  'mail:queued': 'none',
  'mod:queue': 'staff',
  'user:suspended': 'none',
  'user:deleted': 'none',
  'user:roleChanged': 'none',
  'user:profileChanged': 'none',
  'user:avatarChanged': 'none',
  'account:archiveRequested': 'none',
  'settings:changed': 'none',
  'category:readabilityChanged': 'none',
  'category:changed': 'none',
  'category:merged': 'none',
  'posts:rerendered': 'none',
  'upload:removed': 'none',
  'thread:pinned': 'thread',
  'thread:moved': 'thread',
  'thread:merged': 'thread',
  'thread:closedAsDuplicate': 'thread',
} as const satisfies Record<EventType, 'thread' | 'product' | 'staff' | 'user' | 'none'>

export type LiveEventType = { [K in EventType]: (typeof audience)[K] extends 'none' ? never : K }[EventType]
export type LiveForumEvent = Extract<ForumEvent, { type: LiveEventType }>

/** Events that change no page anyone reads unsigned (a member's bell, the mail queue): the visitors' page cache keeps its pages. */
const privateEvents: ReadonlySet<EventType> = new Set([
  'notifications:created',
  'notifications:read',
  'mail:queued',
  'account:archiveRequested',
])

export function changesPublicPages(type: EventType): boolean {
  return !privateEvents.has(type)
}

/** Events that change no visitor's page, as a list for queries (page versions). */
export const privateEventTypes: readonly EventType[] = [...privateEvents]

/**
 * Events about no one thread that still change how every thread page reads:
 * new rendering, new settings, a member's standing. A thread page's version
 * counts them beside its own thread's events.
 */
export const forumWideEventTypes: readonly EventType[] = [
  'settings:changed',
  'posts:rerendered',
  'user:suspended',
  // Every page showing the member's name now shows "deleted user".
  'user:deleted',
  'user:avatarChanged',
  // Posts by staff carry a badge on every thread page.
  'user:roleChanged',
  'category:readabilityChanged',
  // A thread page names its category (and says when it is archived).
  'category:changed',
  'category:merged',
]

export function isLiveEvent(event: ForumEvent): event is LiveForumEvent {
  return audience[event.type] !== 'none'
}

/** Idea events the board and roadmap show: votes, statuses, merges. */
const boardEvents: ReadonlySet<EventType> = new Set(['idea:voted', 'idea:statusChanged', 'idea:merged'])

/**
 * The live rooms an event goes to (see server/live.ts for who may join
 * which): its thread's readers, and the lists that show the thread.
 */
/** A list's room for one audience: `home` for everyone, `home:members`, `home:staff`. */
export function listRoom(list: 'home' | 'ideas', readableBy: Readability = 'everyone'): string {
  return readableBy === 'everyone' ? list : `${list}:${readableBy}`
}

export function liveRooms(event: LiveForumEvent): string[] {
  if (audience[event.type] === 'product') return ['product']
  if (audience[event.type] === 'staff') return ['staff']
  if (event.type === 'notifications:created') return event.recipients.map((r) => `user:${r.userId}`)
  if ('userId' in event) return [`user:${event.userId}`]
  if (!('threadId' in event)) return []
  const rooms = [`thread:${event.threadId}`]
  if (event.type === 'thread:created') {
    // The category's room is joined only by its readers; the home page and
    // the board hear of a thread in a private category in that audience's room.
    rooms.push(listRoom('home', event.readableBy), `category:${event.categoryId}`)
    if (event.kind === 'idea') rooms.push(listRoom('ideas', event.readableBy))
  }
  if (boardEvents.has(event.type)) rooms.push('ideas')
  // Staff rearranging threads changes the lists that show them.
  if (event.type === 'thread:pinned') rooms.push('home', `category:${event.categoryId}`)
  if (event.type === 'thread:moved') rooms.push('home', `category:${event.fromCategoryId}`, `category:${event.toCategoryId}`)
  if (event.type === 'thread:merged') rooms.push('home')
  return rooms
}

/**
 * What goes to which live rooms: the event itself to all its rooms, except
 * news told to many members at once, of which each member's room hears only
 * their own share.
 */
export function liveDeliveries<E extends LiveForumEvent>(event: E): { rooms: string[]; event: E }[] {
  if (event.type === 'notifications:created')
    return event.recipients.map((recipient) => ({ rooms: [`user:${recipient.userId}`], event: { ...event, recipients: [recipient] } }))
  return [{ rooms: liveRooms(event), event }]
}

/** Records an event in the caller's transaction; listeners hear it only once that commits. */
export async function recordEvent(tx: Db, event: ForumEvent): Promise<void> {
  const { type, ...payload } = event
  await appendToOutbox(tx, type, payload)
}

/**
 * Posts whose shown text changed without their author editing them (an
 * upload taken down, a deleted account's posts removed): open pages and the
 * search index take the new text as after an edit. Posts out of public view,
 * or without a number yet, have no readers to tell.
 */
export async function recordPostsChanged(
  tx: Db,
  posts: { id: number; threadId: number; postNumber: number | null; public: boolean; revision: number }[],
): Promise<void> {
  for (const post of posts) {
    if (!post.public || post.postNumber === null) continue
    await recordEvent(tx, {
      type: 'post:edited',
      threadId: post.threadId,
      postId: post.id,
      postNumber: post.postNumber,
      revision: post.revision,
    })
  }
}

/** An event as the outbox delivers it, or null for anything this version does not know. */
export function decodeEvent(notice: string): (ForumEvent & { id: number }) | null {
  try {
    return eventFromRecord(JSON.parse(notice))
  } catch {
    return null
  }
}

/** An outbox row as an event, or null for a type this version does not know. */
export function eventFromRecord(record: { id?: unknown; type?: unknown; payload?: unknown }): (ForumEvent & { id: number }) | null {
  if (typeof record.type !== 'string' || !Object.hasOwn(audience, record.type) || typeof record.payload !== 'object' || !record.payload)
    return null
  // The outbox holds only what recordEvent wrote, so a known type carries its payload.
  return { ...(record.payload as object), type: record.type, id: Number(record.id) } as ForumEvent & { id: number }
}
