import type { Sql } from '../../../db/client'
import * as tokens from '../../../db/queries/email-tokens'
import * as users from '../../../db/queries/users'
import { verifyPassword } from '../auth/password.server'
import { DomainError } from '../errors'
import { consumeLimit, LIMITS_OFF, type LimitSettings } from '../limits/limits.server'
import { authorize, type User } from '../policy.server'
import { validate } from '../validate'
import { changeEmailSchema, sameAddress, type ChangeEmailInput } from './addresses.schema'
import { sendConfirmation } from './confirmation.server'

/*
 * A member changes their address in two steps: asking here (with their
 * password) sends a link to the new address and a notice to the old one;
 * the address changes only when the link is opened and confirmed, so a
 * typo never locks anyone out of their account.
 */

async function ownAccount(sql: Sql, actor: User) {
  authorize(actor, 'account:changeEmail', { userId: actor.id })
  const row = await users.findUserById(sql, actor.id)
  if (!row) throw new DomainError('unauthorized')
  return row
}

/**
 * Asks to move the account to another address. Each request counts against
 * the `email-confirmation` limit before the password is checked, which also
 * bounds password guesses from a session someone left open.
 */
export async function requestEmailChange(
  sql: Sql,
  actor: User,
  input: ChangeEmailInput,
  limits: LimitSettings = LIMITS_OFF,
): Promise<{ pending: string; current: string }> {
  const account = await ownAccount(sql, actor)
  const { email, password } = validate(changeEmailSchema, input)
  if (sameAddress(email, account.email)) {
    throw new DomainError('invalid', 'Please check the form.', { email: 'That is your address already.' })
  }
  await consumeLimit(sql, 'email-confirmation', actor.id, limits)
  if (!(await verifyPassword(account.passwordHash, password))) {
    throw new DomainError('invalid', 'Please check the form.', { password: 'That is not your current password.' })
  }
  // Told only to the owner, after the password: nobody else learns which addresses have accounts.
  if (await users.emailTakenByOther(sql, email, actor.id)) {
    throw new DomainError('conflict', 'Please choose another.', { email: 'Another account uses that address.' })
  }
  await sql.begin((tx) => sendConfirmation(tx, actor.id, email, { previousAddress: account.email }))
  return { pending: email, current: account.email }
}

/**
 * Sends the newest request's link again: for a change still waiting, to the
 * new address; otherwise to the account's address while it is unconfirmed.
 */
export async function resendConfirmation(sql: Sql, actor: User, limits: LimitSettings = LIMITS_OFF): Promise<{ sentTo: string }> {
  const account = await ownAccount(sql, actor)
  const latest = await tokens.findLatestEmailToken(sql, actor.id, 'verify_email')
  const pendingChange = latest && !latest.usedAt && !sameAddress(latest.email, account.email) ? latest.email : null
  const address = pendingChange ?? (account.emailVerifiedAt ? null : account.email)
  if (!address) throw new DomainError('invalid', 'Your address is confirmed already: there is nothing to send.')
  await consumeLimit(sql, 'email-confirmation', actor.id, limits)
  await sql.begin((tx) => sendConfirmation(tx, actor.id, address))
  return { sentTo: address }
}
