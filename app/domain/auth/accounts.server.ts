import type { Db, Sql } from '../../../db/client'
import * as accountData from '../../../db/queries/account-data'
import * as auditLog from '../../../db/queries/audit'
import * as sessions from '../../../db/queries/sessions'
import * as signIns from '../../../db/queries/sign-ins'
import * as users from '../../../db/queries/users'
import { sendConfirmation } from '../addresses/confirmation.server'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { admit, type Admission } from '../joining/admission.server'
import { spendInvitation } from '../joining/invitations.server'
import type { SignUpInput } from '../joining/joining.schema'
import { checkLimits, consumeLimit, LIMITS_OFF, LIMITS_ON, recordFailure, resetLimit, type LimitSettings } from '../limits/limits.server'
import { authorize, type Actor, type Role, type User } from '../policy.server'
import { getSettings } from '../settings/settings.server'
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
export async function createAccount(
  sql: Db,
  input: JoinInput,
  role: Role = 'member',
  options: { trusted?: boolean; admission?: Admission } = {},
): Promise<User> {
  const taken = await users.usernameOrEmailTaken(sql, input.username, input.email)
  const fields: Record<string, string> = {}
  if (taken.username) fields.username = 'That username is taken.'
  if (taken.email) fields.email = 'An account with that email already exists.'
  if (Object.keys(fields).length) throw new DomainError('conflict', 'Please choose another.', fields)
  const passwordHash = await hashPassword(input.password)
  try {
    // Newcomers from the join form earn trust; staff roles and accounts an operator creates start with it.
    // An operator vouches for the address of an account they create; a newcomer confirms theirs by email.
    const trusted = options.trusted ?? role !== 'member'
    const admission = options.admission
    const row = await users.insertUser(sql, {
      username: input.username,
      email: input.email,
      passwordHash,
      role,
      trusted,
      emailVerified: options.trusted === true || admission?.emailVerified === true,
      approvalPending: admission?.approvalPending,
      postsNeedConfirmedAddress: admission?.postsNeedConfirmedAddress,
      guidelinesAccepted: admission?.guidelinesAccepted,
    })
    return toUser(row)
  } catch (error) {
    // Two sign-ups racing for one name: the unique index decides.
    if (isUniqueViolation(error, 'users_username_unique'))
      throw new DomainError('conflict', 'Please choose another.', { username: 'That username is taken.' })
    if (isUniqueViolation(error, 'users_email_unique'))
      throw new DomainError('conflict', 'Please choose another.', { email: 'An account with that email already exists.' })
    throw error
  }
}

/**
 * Signs a visitor up: counted against the sign-ups an address may make (a
 * refused form counts too, so probing which names or emails exist is limited
 * as well), then admitted under the community's joining rules, and the
 * account is created with the `member` role, together with the link that
 * confirms its address: an account never exists without a way to confirm it
 * (one that came by an invitation mailed to its address has confirmed it).
 * The user returned says what the new account waits for, and whether a
 * confirmation link went to its address.
 */
export async function signUp(
  sql: Sql,
  input: SignUpInput,
  address: string,
  limits: LimitSettings = LIMITS_OFF,
): Promise<User & { confirmationSent: boolean }> {
  await consumeLimit(sql, 'sign-up', address, limits)
  return sql.begin(async (tx) => {
    const admission = await admit(tx, await getSettings(tx), input)
    const user = await createAccount(tx, input, 'member', { admission })
    if (admission.invitationId !== null) await spendInvitation(tx, admission.invitationId, user.id)
    if (!admission.emailVerified) await sendConfirmation(tx, user.id, input.email)
    const waitingFor = admission.approvalPending ? 'approval' : admission.postsNeedConfirmedAddress ? 'address' : null
    return { ...user, waitingFor, confirmationSent: !admission.emailVerified }
  })
}

/**
 * The user whose name (or email) and password match; the same answer for
 * either mistake. This is the one place a password is checked, so its
 * limits hold whatever path or spelling the request came by. Failures are
 * counted per account and per address (rules sign-in-account and
 * sign-in-address); an attempt past either is refused before the password
 * is checked. An account under attack stays open to addresses that signed
 * in to it before: a limit must never lock its owner out.
 */
export async function checkLogin(
  sql: Db,
  login: string,
  password: string,
  address: string,
  limits: LimitSettings = LIMITS_ON,
): Promise<User> {
  const row = await users.findUserByLogin(sql, login)
  const known = row && limits.enabled ? await signIns.isKnownAddress(sql, row.id, address) : false
  const refused = await checkLimits(
    sql,
    [{ name: 'sign-in-address', subject: address }, ...(row && !known ? [{ name: 'sign-in-account' as const, subject: row.id }] : [])],
    limits,
  )
  if (refused) throw refused
  const ok = await verifyPassword(row?.passwordHash ?? (await dummyPasswordHash()), password)
  if (!row || !ok) {
    await recordFailure(sql, 'sign-in-address', address, limits)
    if (row) await recordFailure(sql, 'sign-in-account', row.id, limits)
    throw new DomainError('invalid', 'Wrong username or password.')
  }
  // The owner got in: the guesses against the account no longer count, and this address is known from now on.
  await Promise.all([resetLimit(sql, 'sign-in-account', row.id), signIns.rememberAddress(sql, row.id, address)])
  return toUser(row)
}

/**
 * Gives someone another role. Their sessions end: sessions carry no role,
 * but whoever holds one signs in again and sees what changed, and their open
 * pages leave rooms the new role may not join. Choosing the role they have
 * changes nothing. The last admin keeps the role (an admin is needed to run
 * the forum), except from the command line, where an operator mends things.
 */
export async function changeRole(sql: Sql, actor: Actor | 'cli', username: string, role: Role): Promise<User> {
  return sql.begin(async (tx) => {
    const admins = await accountData.lockActiveAdmins(tx)
    const found = await users.findUserByUsername(tx, username)
    const row = found && !found.deletedAt ? await users.lockUserById(tx, found.id) : undefined
    if (actor !== 'cli') {
      authorize(actor, 'user:changeRole', {
        from: row?.role ?? 'member',
        to: role,
        otherAdmins: admins.filter((id) => id !== row?.id).length,
      })
    }
    if (!row) throw new DomainError('not_found', `No user named ${username}.`)
    if (row.role !== role) {
      await users.updateUserRole(tx, row.id, role)
      await sessions.deleteSessionsOfUser(tx, row.id)
      const actorId = actor === 'cli' ? null : actor!.id
      await auditLog.insertAudit(tx, {
        actorId,
        action: 'role:changed',
        target: { type: 'user', id: row.id },
        detail: { username: row.username, from: row.role, to: role },
      })
      await recordEvent(tx, { type: 'user:roleChanged', userId: row.id })
    }
    return { ...toUser(row), role }
  })
}
