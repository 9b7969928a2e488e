import type { Db, Sql } from '../../../db/client'
import { insertAudit } from '../../../db/queries/audit'
import * as tokens from '../../../db/queries/email-tokens'
import * as users from '../../../db/queries/users'
import { DomainError } from '../errors'
import { readLink, signLink } from '../mail/links.server'
import { queueMail } from '../mail/queue.server'
import { CONFIRMATION_LIFETIME_HOURS, sameAddress } from './addresses.schema'

/*
 * Confirming an address by a link sent to it. The link carries a token row's
 * id and a signature; the row says which address, until when, and whether
 * it is spent. Only the newest link of an account works: a member who asked
 * for another address, or for the mail again, means the latest request.
 */

const PURPOSE = 'verify_email'

/** What a link can be, seen from the page it opens. */
export type LinkState = 'ready' | 'used' | 'superseded' | 'expired'

/** A link that once worked and no longer does: the page says why and how to get another. */
export class LinkRefused extends DomainError {
  constructor(
    readonly state: Exclude<LinkState, 'ready'>,
    readonly email: string,
  ) {
    super('gone', refusals[state])
  }
}

const refusals: Record<Exclude<LinkState, 'ready'>, string> = {
  used: 'This link was used already.',
  superseded: 'A newer link was sent after this one, and only the newest works.',
  expired: `This link has expired: links work for ${CONFIRMATION_LIFETIME_HOURS} hours.`,
}

const notALink = () => new DomainError('not_found', 'This confirmation link is not valid. Check that you copied all of it.')

/** The path a confirmation mail links to. The mail composer signs the same one. */
export async function confirmationPath(sql: Db, tokenId: number): Promise<string> {
  return `/verify-email/${await signLink(sql, PURPOSE, String(tokenId))}`
}

/**
 * Issues a link confirming `email` for the account and queues the mail that
 * carries it, in the caller's transaction. For a change, `previousAddress`
 * (the address in use) is told too, so an owner who did not ask hears of it
 * where they still read.
 */
export async function sendConfirmation(tx: Db, userId: number, email: string, options: { previousAddress?: string } = {}): Promise<number> {
  const token = await tokens.insertEmailToken(tx, {
    userId,
    email,
    purpose: PURPOSE,
    lifetimeSeconds: CONFIRMATION_LIFETIME_HOURS * 3600,
  })
  await queueMail(tx, { kind: 'verify_email', userId, toAddress: email, emailTokenId: token.id })
  if (options.previousAddress) {
    await queueMail(tx, { kind: 'email_changed', userId, toAddress: options.previousAddress, emailTokenId: token.id })
  }
  return token.id
}

/** The token row a link names, when this forum signed it for confirming an address. */
async function tokenIdOf(sql: Db, link: unknown): Promise<number> {
  const subject = await readLink(sql, PURPOSE, link)
  if (!subject || !/^[1-9]\d{0,14}$/.test(subject)) throw notALink()
  return Number(subject)
}

async function stateOf(db: Db, token: tokens.EmailTokenRow): Promise<LinkState> {
  if (await tokens.newerEmailTokenExists(db, token)) return 'superseded'
  if (token.usedAt) return 'used'
  if (token.expiresAt <= new Date()) return 'expired'
  return 'ready'
}

/**
 * What the page a link opens shows, changing nothing: mail scanners follow
 * links, so only the button on that page confirms.
 */
export async function readConfirmation(sql: Sql, link: unknown): Promise<LinkView> {
  const token = await tokens.findEmailToken(sql, await tokenIdOf(sql, link))
  const user = token?.purpose === PURPOSE ? await users.findUserById(sql, token.userId) : undefined
  if (!token || !user) throw notALink()
  const state = await stateOf(sql, token)
  const confirmed = sameAddress(user.email, token.email) && user.emailVerifiedAt !== null
  return { state, email: token.email, confirmed, refusal: state === 'ready' ? null : refusals[state] }
}

export interface LinkView {
  state: LinkState
  /** The address the link confirms. */
  email: string
  /** Whether that address is the account's, confirmed. */
  confirmed: boolean
  /** Why the link no longer works, for any state but `ready`. */
  refusal: string | null
}

function isEmailTaken(error: unknown) {
  const e = error as { code?: string; constraint_name?: string }
  return e?.code === '23505' && e.constraint_name === 'users_email_unique'
}

/**
 * Confirms the address a link names. The account's own address is marked
 * confirmed; a new one (a change the member asked for) becomes the account's
 * address, unless another account took it meanwhile. The link is spent, and
 * so is every other link of the account.
 */
export async function confirmAddress(sql: Sql, link: unknown): Promise<{ email: string; changedFrom: string | null }> {
  const tokenId = await tokenIdOf(sql, link)
  const taken = (email: string, kept: string) =>
    new DomainError('conflict', `Another account uses ${email} now, so it cannot be yours too. Your address stays ${kept}.`)
  let current = ''
  try {
    return await sql.begin(async (tx) => {
      // Two clicks on one link take turns here: the second finds it spent.
      const token = await tokens.lockEmailToken(tx, tokenId)
      const user = token?.purpose === PURPOSE ? await users.lockUserById(tx, token.userId) : undefined
      if (!token || !user) throw notALink()
      current = user.email
      const state = await stateOf(tx, token)
      if (state !== 'ready') throw new LinkRefused(state, token.email)
      const change = !sameAddress(user.email, token.email)
      if (change && (await users.emailTakenByOther(tx, token.email, user.id))) throw taken(token.email, user.email)
      await users.setConfirmedEmail(tx, user.id, change ? token.email : user.email)
      await tokens.markEmailTokenUsed(tx, token.id)
      await tokens.spendOtherEmailTokens(tx, token)
      if (change) {
        // The address is how an account is recovered: admins looking into a takeover need to see when it moved.
        await insertAudit(tx, {
          actorId: user.id,
          action: 'email:changed',
          target: { type: 'user', id: user.id },
          detail: { username: user.username, from: user.email, to: token.email },
        })
      }
      return { email: change ? token.email : user.email, changedFrom: change ? user.email : null }
    })
  } catch (error) {
    // Another account took the address between the check and the update: the unique index decides.
    if (isEmailTaken(error)) throw taken(String((await tokens.findEmailToken(sql, tokenId))?.email), current)
    throw error
  }
}
