import type { Db } from '../../../db/client'
import * as users from '../../../db/queries/users'
import { DomainError } from '../errors'
import type { Role, User } from '../policy.server'
import { decide, type Actor } from '../policy.server'
import type { JoinInput } from './auth.schema'
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.server'

const toUser = (row: users.UserRow): User => ({ id: row.id, username: row.username, role: row.role })

function isUniqueViolation(error: unknown, index: string) {
  const e = error as { code?: string; constraint_name?: string }
  return e?.code === '23505' && e.constraint_name === index
}

/**
 * Creates an account. The role is the caller's decision (sign-up always gives
 * `member`; the CLI may give any), never a form field.
 */
export async function createAccount(sql: Db, input: JoinInput, role: Role = 'member'): Promise<User> {
  const taken = await users.usernameOrEmailTaken(sql, input.username, input.email)
  const fields: Record<string, string> = {}
  if (taken.username) fields.username = 'That username is taken.'
  if (taken.email) fields.email = 'An account with that email already exists.'
  if (Object.keys(fields).length) throw new DomainError('conflict', 'Please choose another.', fields)
  const passwordHash = await hashPassword(input.password)
  try {
    return toUser(await users.insertUser(sql, { ...input, passwordHash, role }))
  } catch (error) {
    // Two sign-ups racing for one name: the unique index decides.
    if (isUniqueViolation(error, 'users_username_unique'))
      throw new DomainError('conflict', 'Please choose another.', { username: 'That username is taken.' })
    if (isUniqueViolation(error, 'users_email_unique'))
      throw new DomainError('conflict', 'Please choose another.', { email: 'An account with that email already exists.' })
    throw error
  }
}

/** The user whose name (or email) and password match; the same answer for either mistake. */
export async function checkLogin(sql: Db, login: string, password: string): Promise<User> {
  const row = await users.findUserByLogin(sql, login)
  const ok = await verifyPassword(row?.passwordHash ?? (await dummyPasswordHash()), password)
  if (!row || !ok) throw new DomainError('invalid', 'Wrong username or password.')
  return toUser(row)
}

export async function changeRole(sql: Db, actor: Actor | 'cli', username: string, role: Role): Promise<User> {
  if (actor !== 'cli') {
    const decision = decide(actor, 'user:changeRole')
    if (!decision.ok) throw new DomainError(decision.code, decision.reason)
  }
  const row = await users.findUserByUsername(sql, username)
  if (!row) throw new DomainError('not_found', `No user named ${username}.`)
  await users.updateUserRole(sql, row.id, role)
  return { ...toUser(row), role }
}
