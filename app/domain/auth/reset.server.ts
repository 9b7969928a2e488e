import type { Db, Sql } from '../../../db/client'
import { insertAudit } from '../../../db/queries/audit'
import * as tokens from '../../../db/queries/email-tokens'
import * as sessions from '../../../db/queries/sessions'
import * as users from '../../../db/queries/users'
import { sameAddress } from '../addresses/addresses.schema'
import { DomainError } from '../errors'
import { consumeLimit, LIMITS_OFF, type LimitSettings } from '../limits/limits.server'
import { readLink, signLink } from '../mail/links.server'
import { queueMail } from '../mail/queue.server'
import { validate } from '../validate'
import { forgotPasswordSchema, resetPasswordSchema } from './access.schema'
import { RESET_LIFETIME_HOURS } from './access.terms'
import { hashPassword } from './password.server'

/*
 * Resetting a forgotten password by a link sent to the account's address,
 * built like address confirmation: the link carries an email_tokens row's id
 * and a signature, the row says until when and whether it is spent, and only
 * the newest link of an account works. Using it ends every session of the
 * account: whoever knew the old password is out.
 */

const PURPOSE = 'reset_password'

export type ResetState = 'ready' | 'used' | 'superseded' | 'expired'

const refusals: Record<Exclude<ResetState, 'ready'>, string> = {
  used: 'This password reset link was used already.',
  superseded: 'A newer password reset link was sent after this one, and only the newest works.',
  expired: `This password reset link has expired: links work for ${RESET_LIFETIME_HOURS} hour.`,
}

/** A reset link that once worked and no longer does: the page says why and offers a new one. */
export class ResetRefused extends DomainError {
  constructor(readonly state: Exclude<ResetState, 'ready'>) {
    super('gone', refusals[state])
  }
}

export const notAResetLink = () =>
  new DomainError('not_found', 'This password reset link is not valid. Check that you copied all of it, or ask for a new one.')

/** The path a reset mail links to. */
export async function resetPath(sql: Db, tokenId: number): Promise<string> {
  return `/reset/${await signLink(sql, PURPOSE, String(tokenId))}`
}

/**
 * Sends a reset link to the account using `email`, if one does. The caller
 * learns nothing either way (the page answers alike), and both limits count
 * every request, so probing which addresses have accounts is as limited as
 * flooding one inbox.
 */
export async function requestPasswordReset(sql: Sql, input: unknown, address: string, limits: LimitSettings = LIMITS_OFF): Promise<void> {
  const { email } = validate(forgotPasswordSchema, input)
  await consumeLimit(sql, 'password-reset-address', address, limits)
  await consumeLimit(sql, 'password-reset-email', email.toLowerCase(), limits)
  const user = await users.findUserByEmail(sql, email)
  if (!user) return
  await sql.begin(async (tx) => {
    const token = await tokens.insertEmailToken(tx, {
      userId: user.id,
      email: user.email,
      purpose: PURPOSE,
      lifetimeSeconds: RESET_LIFETIME_HOURS * 3600,
    })
    await queueMail(tx, { kind: 'reset_password', userId: user.id, toAddress: user.email, emailTokenId: token.id })
  })
}

async function tokenIdOf(sql: Db, link: unknown): Promise<number> {
  const subject = await readLink(sql, PURPOSE, link)
  if (!subject || !/^[1-9]\d{0,14}$/.test(subject)) throw notAResetLink()
  return Number(subject)
}

/** Why a token no longer works, or 'ready'. A link sent to an address the account has since left is as good as replaced. */
export async function resetStateOf(db: Db, token: tokens.EmailTokenRow, accountEmail: string, now = new Date()): Promise<ResetState> {
  if (await tokens.newerEmailTokenExists(db, token)) return 'superseded'
  if (token.usedAt) return 'used'
  if (token.expiresAt <= now) return 'expired'
  if (!sameAddress(token.email, accountEmail)) return 'superseded'
  return 'ready'
}

export interface ResetView {
  state: ResetState
  username: string
  refusal: string | null
}

/** What the page a reset link opens shows, changing nothing. */
export async function readPasswordReset(sql: Sql, link: unknown): Promise<ResetView> {
  const token = await tokens.findEmailToken(sql, await tokenIdOf(sql, link))
  const user = token?.purpose === PURPOSE ? await users.findUserById(sql, token.userId) : undefined
  if (!token || !user) throw notAResetLink()
  const state = await resetStateOf(sql, token, user.email)
  return { state, username: user.username, refusal: state === 'ready' ? null : refusals[state] }
}

/**
 * Sets the account's password from a reset link: the link is spent (with
 * every other reset link of the account) and every session of the account
 * ends, in one transaction. Returns the account, for the caller to sign this
 * browser in.
 */
export async function resetPassword(sql: Sql, link: unknown, input: unknown): Promise<{ userId: number; username: string }> {
  const tokenId = await tokenIdOf(sql, link)
  const { password } = validate(resetPasswordSchema, input)
  // Hashed before the transaction: the row locks below are held for milliseconds, not for argon2.
  const passwordHash = await hashPassword(password)
  return sql.begin(async (tx) => {
    // Two submissions of one link take turns here: the second finds it spent.
    const token = await tokens.lockEmailToken(tx, tokenId)
    const user = token?.purpose === PURPOSE ? await users.lockUserById(tx, token.userId) : undefined
    if (!token || !user) throw notAResetLink()
    const state = await resetStateOf(tx, token, user.email)
    if (state !== 'ready') throw new ResetRefused(state)
    await users.updatePasswordHash(tx, user.id, passwordHash)
    await tokens.markEmailTokenUsed(tx, token.id)
    await tokens.spendOtherEmailTokens(tx, token)
    await sessions.deleteSessionsOfUser(tx, user.id)
    // A reset is how a takeover ends, or how one starts: admins looking into either need to see when.
    await insertAudit(tx, {
      actorId: user.id,
      action: 'password:reset',
      target: { type: 'user', id: user.id },
      detail: { username: user.username },
    })
    // Mailed to the account's address, so a change the member did not make does not go unnoticed.
    await queueMail(tx, { kind: 'password_changed', userId: user.id })
    return { userId: user.id, username: user.username }
  })
}
