import { createHash } from 'node:crypto'
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from 'lucia'

import type { Sql } from '../../../db/client'
import * as sessions from '../../../db/queries/sessions'
import type { Role, Suspension, User } from '../policy.server'

/*
 * The only module that imports lucia. Its authors have stopped developing it;
 * replacing it with their guide's plain session code changes this file alone.
 */

const TOUCH_AFTER_MS = 5 * 60_000
/** How stale a member's "last seen" (for staff, in the list of people) may grow before a request renews it. */
const SEEN_AFTER_MS = 60 * 60_000

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Lucia hands the adapter the token from the cookie; the table only ever sees
 * its SHA-256, so a copy of the table opens no session.
 */
function postgresAdapter(sql: Sql): Adapter {
  const toSession = (row: { userId: number; expiresAt: Date }, token: string): DatabaseSession => ({
    id: token,
    userId: row.userId,
    expiresAt: row.expiresAt,
    attributes: { userAgent: '' },
  })
  return {
    async getSessionAndUser(token) {
      const row = await sessions.findSessionWithUser(sql, hashToken(token))
      if (!row) return [null, null]
      // "Last used" is for the member's list of sessions: to the nearest few minutes is enough, and spares a write per page.
      // "Last seen" rides on the same write, to the nearest hour: most requests write neither.
      const seen = !row.lastSeenAt || Date.now() - row.lastSeenAt.getTime() > SEEN_AFTER_MS
      if ((seen || Date.now() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS) && row.expiresAt > new Date())
        await sessions.touchSession(sql, row.id, seen)
      const suspension =
        row.suspendedUntil && row.suspendedUntil > new Date() ? { until: row.suspendedUntil, reason: row.suspendedReason ?? '' } : null
      const waitingFor = row.awaitingApproval ? 'approval' : row.awaitingAddress ? 'address' : null
      const user: DatabaseUser = {
        id: row.userId,
        attributes: {
          username: row.username,
          role: row.role,
          avatar: row.avatar,
          suspension,
          waitingFor,
          bell: { unread: row.unread, liveMark: row.liveMark },
        },
      }
      return [toSession(row, token), user]
    },
    async getUserSessions(userId) {
      // Only hashes are stored: these sessions cannot be handed back as tokens.
      const rows = await sessions.findSessionsOfUser(sql, userId)
      return rows.map((row) => toSession(row, row.id))
    },
    async setSession(session) {
      await sessions.insertSession(sql, {
        id: hashToken(session.id),
        userId: session.userId,
        expiresAt: session.expiresAt,
        userAgent: session.attributes.userAgent,
      })
    },
    async updateSessionExpiration(token, expiresAt) {
      await sessions.updateSessionExpiry(sql, hashToken(token), expiresAt)
    },
    async deleteSession(token) {
      await sessions.deleteSession(sql, hashToken(token))
    },
    async deleteUserSessions(userId) {
      await sessions.deleteSessionsOfUser(sql, userId)
    },
    async deleteExpiredSessions() {
      await sessions.deleteExpiredSessions(sql)
    },
  }
}

/** The session cookie's name; a request without it is an anonymous visitor's. */
export const SESSION_COOKIE = 'forum_session'

function createLucia(sql: Sql, secure: boolean) {
  return new Lucia(postgresAdapter(sql), {
    // Sliding: a session used in its second half is extended by another 30 days.
    sessionExpiresIn: new TimeSpan(30, 'd'),
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      attributes: { secure, sameSite: 'lax', path: '/' },
    },
    getUserAttributes: (attributes) => attributes,
  })
}

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>
    UserId: number
    DatabaseUserAttributes: {
      username: string
      role: Role
      avatar: string | null
      suspension: Suspension | null
      waitingFor: User['waitingFor']
      bell: Bell
    }
    DatabaseSessionAttributes: { userAgent: string }
  }
}

const cache = new WeakMap<Sql, Map<boolean, ReturnType<typeof createLucia>>>()

function luciaFor(sql: Sql, secure: boolean) {
  let bySecure = cache.get(sql)
  if (!bySecure) cache.set(sql, (bySecure = new Map()))
  let lucia = bySecure.get(secure)
  if (!lucia) bySecure.set(secure, (lucia = createLucia(sql, secure)))
  return lucia
}

/** The header's bell, read with the session: unread notifications and the snapshot they were counted in. */
export interface Bell {
  unread: number
  liveMark: string
}

export interface SessionCheck {
  user: User | null
  bell: Bell | null
  /** A Set-Cookie value to send: a refreshed expiry, or a blank cookie for a dead session. */
  setCookie: string | null
}

/** Reads the session cookie from a Cookie header; no cookie means a visitor, and nothing is written. */
export async function validateSessionCookie(sql: Sql, cookieHeader: string | null, secure: boolean): Promise<SessionCheck> {
  const lucia = luciaFor(sql, secure)
  const token = lucia.readSessionCookie(cookieHeader ?? '')
  if (!token) return { user: null, bell: null, setCookie: null }
  const { session, user } = await lucia.validateSession(token)
  if (!session) return { user: null, bell: null, setCookie: lucia.createBlankSessionCookie().serialize() }
  return {
    user: {
      id: user.id,
      username: user.username,
      role: user.role,
      avatar: user.avatar,
      suspension: user.suspension,
      waitingFor: user.waitingFor,
    },
    bell: user.bell,
    setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
  }
}

/**
 * A new session (so a new id at every sign-in); returns its Set-Cookie value.
 * The browser's user agent is kept so its member can tell their sessions apart.
 */
export async function startSession(sql: Sql, userId: number, secure: boolean, userAgent: string | null = null): Promise<string> {
  const lucia = luciaFor(sql, secure)
  const session = await lucia.createSession(userId, { userAgent: (userAgent ?? '').slice(0, 500) })
  return lucia.createSessionCookie(session.id).serialize()
}

/** Ends the session on the server, not just in the browser; returns a blank Set-Cookie value. */
export async function endSession(sql: Sql, cookieHeader: string | null, secure: boolean): Promise<string> {
  const lucia = luciaFor(sql, secure)
  const token = lucia.readSessionCookie(cookieHeader ?? '')
  if (token) await lucia.invalidateSession(token)
  return lucia.createBlankSessionCookie().serialize()
}

/** Signs a user out everywhere, e.g. after a role change or a password reset. */
export async function endAllSessions(sql: Sql, userId: number): Promise<void> {
  await luciaFor(sql, false).invalidateUserSessions(userId)
}

/**
 * The key (its token's hash) of the session a Cookie header carries, or null:
 * what the member's session list marks as "this browser" and what ending the
 * other sessions keeps.
 */
export function sessionKeyOf(sql: Sql, cookieHeader: string | null): string | null {
  const token = luciaFor(sql, false).readSessionCookie(cookieHeader ?? '')
  return token ? hashToken(token) : null
}
