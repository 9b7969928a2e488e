import type { Db } from '../client'
import type { Role } from '../types'
import { notDeleted } from '../visibility'
import { unreadOf } from './notifications'

export interface SessionRow {
  id: string
  userId: number
  expiresAt: Date
}

/** A session as its member sees it in their settings. */
export interface SessionListing extends SessionRow {
  createdAt: Date
  lastUsedAt: Date
  userAgent: string
}

/** A new session; signing in counts as being seen, so the requests that follow have nothing to write for an hour. */
export async function insertSession(sql: Db, session: SessionRow & { userAgent: string }): Promise<void> {
  await sql`
    with started as (
      insert into sessions (id, user_id, expires_at, user_agent)
      values (${session.id}, ${session.userId}, ${session.expiresAt}, ${session.userAgent})
      returning user_id
    )
    update users u set last_seen_at = now() from started where u.id = started.user_id`
}

export async function findSessionWithUser(sql: Db, id: string) {
  // The bell's count comes with the session (a page's one statement for the member), with the snapshot it was read in.
  const [row] = await sql<
    (SessionRow & {
      lastUsedAt: Date
      lastSeenAt: Date | null
      username: string
      role: Role
      avatar: string | null
      suspendedUntil: Date | null
      suspendedReason: string | null
      awaitingApproval: boolean
      awaitingAddress: boolean
      unread: number
      liveMark: string
    })[]
  >`
    select s.id, s.user_id, s.expires_at, s.last_used_at, u.last_seen_at, u.username, u.role, u.avatar, u.suspended_until, u.suspended_reason,
           u.approval_pending_since is not null as awaiting_approval,
           (u.posts_need_confirmed_address and u.email_verified_at is null) as awaiting_address,
           ${unreadOf(sql, 'u')} as unread,
           pg_current_snapshot()::text as live_mark
    from sessions s join users u on u.id = s.user_id
    where s.id = ${id} and ${notDeleted(sql, 'u')}`
  return row
}

export async function findSessionsOfUser(sql: Db, userId: number): Promise<SessionRow[]> {
  return sql<SessionRow[]>`select id, user_id, expires_at from sessions where user_id = ${userId}`
}

/** The member's sessions still valid, the most recently used first. */
export async function listSessionsOfUser(sql: Db, userId: number): Promise<SessionListing[]> {
  return sql<SessionListing[]>`
    select id, user_id, expires_at, created_at, last_used_at, user_agent from sessions
    where user_id = ${userId} and expires_at > now()
    order by last_used_at desc, created_at desc`
}

/**
 * Marks the session used now and, with `seen`, its member seen now too, in
 * one statement. The member's mark moves at most once an hour whatever the
 * caller asked, so sessions racing one another write it once.
 */
export async function touchSession(sql: Db, id: string, seen = false): Promise<void> {
  if (!seen) {
    await sql`update sessions set last_used_at = now() where id = ${id}`
    return
  }
  await sql`
    with touched as (update sessions set last_used_at = now() where id = ${id} returning user_id)
    update users u set last_seen_at = now()
    from touched
    where u.id = touched.user_id and (u.last_seen_at is null or u.last_seen_at < now() - interval '1 hour')`
}

export async function updateSessionExpiry(sql: Db, id: string, expiresAt: Date): Promise<void> {
  await sql`update sessions set expires_at = ${expiresAt} where id = ${id}`
}

export async function deleteSession(sql: Db, id: string): Promise<void> {
  await sql`delete from sessions where id = ${id}`
}

export async function deleteSessionsOfUser(sql: Db, userId: number): Promise<void> {
  await sql`delete from sessions where user_id = ${userId}`
}

/** Ends every session of the user but one (the browser asking); returns how many ended. */
export async function deleteOtherSessionsOfUser(sql: Db, userId: number, keptId: string | null): Promise<number> {
  const rows = await sql`delete from sessions where user_id = ${userId} and id is distinct from ${keptId} returning id`
  return rows.length
}

export async function deleteExpiredSessions(sql: Db): Promise<void> {
  await sql`delete from sessions where expires_at <= now()`
}
