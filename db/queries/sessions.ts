import type { Db } from '../client'
import type { Role } from '../types'
import { notDeleted } from '../visibility'
import { unreadOf } from './notifications'

export interface SessionRow {
  id: string
  userId: number
  expiresAt: Date
}

export async function insertSession(sql: Db, session: SessionRow): Promise<void> {
  await sql`insert into sessions (id, user_id, expires_at) values (${session.id}, ${session.userId}, ${session.expiresAt})`
}

export async function findSessionWithUser(sql: Db, id: string) {
  // The bell's count comes with the session (a page's one statement for the member), with the snapshot it was read in.
  const [row] = await sql<
    (SessionRow & {
      username: string
      role: Role
      suspendedUntil: Date | null
      suspendedReason: string | null
      unread: number
      liveMark: string
    })[]
  >`
    select s.id, s.user_id, s.expires_at, u.username, u.role, u.suspended_until, u.suspended_reason,
           ${unreadOf(sql, 'u')} as unread,
           pg_current_snapshot()::text as live_mark
    from sessions s join users u on u.id = s.user_id
    where s.id = ${id} and ${notDeleted(sql, 'u')}`
  return row
}

export async function findSessionsOfUser(sql: Db, userId: number): Promise<SessionRow[]> {
  return sql<SessionRow[]>`select id, user_id, expires_at from sessions where user_id = ${userId}`
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

export async function deleteExpiredSessions(sql: Db): Promise<void> {
  await sql`delete from sessions where expires_at <= now()`
}
