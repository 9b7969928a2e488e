import type { Sql } from '../../../db/client'
import { insertAudit } from '../../../db/queries/audit'
import * as sessions from '../../../db/queries/sessions'
import * as users from '../../../db/queries/users'
import { DomainError } from '../errors'
import { checkLimits, LIMITS_OFF, recordFailure, type LimitSettings } from '../limits/limits.server'
import { queueMail } from '../mail/queue.server'
import { authorize, type User } from '../policy.server'
import { validate } from '../validate'
import { changePasswordSchema } from './access.schema'
import { hashPassword, verifyPassword } from './password.server'

/*
 * A member's own access to their account: their password and the sessions
 * signed in to it. `sessionKey` is the key of the session making the request
 * (see sessionKeyOf): it is the one kept when the others end.
 */

async function ownAccount(sql: Sql, actor: User, action: 'account:changePassword' | 'account:endSessions') {
  authorize(actor, action, { userId: actor.id })
  const row = await users.findUserById(sql, actor.id)
  if (!row) throw new DomainError('unauthorized')
  return row
}

/**
 * Changes the password, given the current one. Every other session ends: a
 * member changing their password because someone else knows it wants that
 * someone out, and this browser stays signed in. Wrong current passwords
 * count against the `password-change` limit, which bounds guessing from a
 * session someone left open.
 */
export async function changePassword(
  sql: Sql,
  actor: User,
  input: unknown,
  sessionKey: string | null,
  limits: LimitSettings = LIMITS_OFF,
): Promise<{ endedSessions: number }> {
  const account = await ownAccount(sql, actor, 'account:changePassword')
  const { currentPassword, password } = validate(changePasswordSchema, input)
  const refused = await checkLimits(sql, [{ name: 'password-change', subject: actor.id }], limits)
  if (refused) throw refused
  if (!(await verifyPassword(account.passwordHash, currentPassword))) {
    await recordFailure(sql, 'password-change', actor.id, limits)
    throw new DomainError('invalid', 'Please check the form.', { currentPassword: 'That is not your current password.' })
  }
  if (currentPassword === password) {
    throw new DomainError('invalid', 'Please check the form.', { password: 'Choose a password other than your current one.' })
  }
  const passwordHash = await hashPassword(password)
  return sql.begin(async (tx) => {
    await users.updatePasswordHash(tx, actor.id, passwordHash)
    const endedSessions = await sessions.deleteOtherSessionsOfUser(tx, actor.id, sessionKey)
    await insertAudit(tx, {
      actorId: actor.id,
      action: 'password:changed',
      target: { type: 'user', id: actor.id },
      detail: { username: account.username },
    })
    // Mailed to the account's address, so a change the member did not make does not go unnoticed.
    await queueMail(tx, { kind: 'password_changed', userId: actor.id })
    return { endedSessions }
  })
}

export interface SessionItem {
  startedAt: Date
  lastUsedAt: Date
  userAgent: string
  current: boolean
}

/** /settings/sessions: the member's sessions still valid, this browser's marked. */
export async function getSessionsPage(sql: Sql, actor: User, sessionKey: string | null): Promise<{ sessions: SessionItem[] }> {
  await ownAccount(sql, actor, 'account:endSessions')
  const rows = await sessions.listSessionsOfUser(sql, actor.id)
  // The key itself never leaves the server: it opens the session as surely as the cookie does.
  return {
    sessions: rows.map((row) => ({
      startedAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      userAgent: row.userAgent,
      current: row.id === sessionKey,
    })),
  }
}

/** Signs the account out of every browser but this one; returns how many sessions ended. */
export async function endOtherSessions(sql: Sql, actor: User, sessionKey: string | null): Promise<{ endedSessions: number }> {
  await ownAccount(sql, actor, 'account:endSessions')
  return { endedSessions: await sessions.deleteOtherSessionsOfUser(sql, actor.id, sessionKey) }
}
