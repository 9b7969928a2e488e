import type { Sql } from '../../../db/client'
import { findCategoryById } from '../../../db/queries/categories'
import { listEventsAfterMark } from '../../../db/queries/outbox'
import { listPostNumbersAfter } from '../../../db/queries/posts'
import { findThreadById } from '../../../db/queries/threads'
import { POSTS_PER_PAGE } from '../../lib/urls'
import { eventFromRecord, isLiveEvent, liveRooms } from '../events'
import { decide, type Actor } from '../policy.server'

/*
 * Which live rooms a page may join. Every room carries events for what its
 * pages show, so joining one is decided by the same rules as reading the
 * page: a thread's room by whether the reader may see the thread, the staff
 * and product rooms by role.
 */

export type Room =
  | { kind: 'thread'; threadId: number }
  | { kind: 'category'; categoryId: number }
  | { kind: 'home' }
  | { kind: 'ideas' }
  | { kind: 'staff' }
  | { kind: 'product' }
  /** A member's own news (their bell): the socket is in it from the start; joining says whether anything changed since the page. */
  | { kind: 'me' }

export interface MissedPost {
  type: 'post:created'
  threadId: number
  postId: number
  postNumber: number
}

export type JoinRefusal = 'not_found' | 'forbidden' | 'bad_request'
/** `changed`: something the room carries happened after the page's data was read; the page reloads it. */
export type JoinResult = { ok: true; missed?: MissedPost[]; more?: boolean; changed?: boolean } | { ok: false; error: JoinRefusal }

const roomPattern = /^(?:(thread|category):([1-9]\d{0,15})|(home|ideas|staff|product|me))$/

/** Reads a room's name (`thread:12`, `home`…); anything else is null. */
export function parseRoom(name: unknown): Room | null {
  if (typeof name !== 'string') return null
  const match = roomPattern.exec(name)
  if (!match) return null
  if (match[3]) return { kind: match[3] } as Room
  const id = Number(match[2])
  if (!Number.isSafeInteger(id)) return null
  return match[1] === 'thread' ? { kind: 'thread', threadId: id } : { kind: 'category', categoryId: id }
}

/** Whether the actor may join a room: null when they may, or why not. */
export async function refuseJoin(sql: Sql, actor: Actor, room: Room): Promise<JoinRefusal | null> {
  switch (room.kind) {
    case 'home':
    case 'ideas':
      return null
    case 'me':
      return actor ? null : 'forbidden'
    case 'staff':
    case 'product':
      return decide(actor, room.kind === 'staff' ? 'live:staffRoom' : 'live:productRoom').ok ? null : 'forbidden'
    case 'category': {
      const category = await findCategoryById(sql, room.categoryId)
      return category && decide(actor, 'category:see', category).ok ? null : 'not_found'
    }
    case 'thread': {
      const thread = await findThreadById(sql, room.threadId)
      return thread && decide(actor, 'thread:see', thread).ok ? null : 'not_found'
    }
  }
}

/**
 * What a reader coming back to a thread missed, from the database: the posts
 * numbered above the last one it saw, at most a page of them, and whether
 * there were more (then the page offers a reload instead).
 */
export async function missedPosts(sql: Sql, threadId: number, after: number): Promise<{ missed: MissedPost[]; more: boolean }> {
  const rows = await listPostNumbersAfter(sql, threadId, after, POSTS_PER_PAGE + 1)
  const missed = rows.slice(0, POSTS_PER_PAGE).map((row) => ({ type: 'post:created' as const, threadId, ...row }))
  return { missed, more: rows.length > POSTS_PER_PAGE }
}

/** A post number a page says it saw: a whole number, or absent. */
export function isPostNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** Past this many events since a page's mark, the page is told to reload without reading them all. */
const MARK_EVENTS_READ = 200

/**
 * Whether the room carried an event after a page read its data. A page is
 * rendered before its socket joins; whatever happened in between (a vote, an
 * accepted answer, a new thread) would otherwise be lost to it.
 */
export async function changedSinceMark(sql: Sql, rooms: string[], mark: string): Promise<boolean> {
  const rows = await listEventsAfterMark(sql, mark, MARK_EVENTS_READ + 1)
  if (rows.length > MARK_EVENTS_READ) return true
  return rows.some((row) => {
    const event = eventFromRecord(row)
    return event !== null && isLiveEvent(event) && liveRooms(event).some((room) => rooms.includes(room))
  })
}

/** A page's mark as the server handed it out: a snapshot, `xmin:xmax:running,…`. */
export function isLiveMark(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 4_000 && /^\d{1,19}:\d{1,19}:(?:\d{1,19}(?:,\d{1,19})*)?$/.test(value)
}
