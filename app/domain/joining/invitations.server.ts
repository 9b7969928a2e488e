import type { Db, Sql } from '../../../db/client'
import { insertAudit } from '../../../db/queries/audit'
import * as joining from '../../../db/queries/joining'
import * as users from '../../../db/queries/users'
import { DomainError } from '../errors'
import { readLink, signLink } from '../mail/links.server'
import { queueMail } from '../mail/queue.server'
import { authorize, type Actor } from '../policy.server'
import { validate } from '../validate'
import { invitationForm } from './joining.schema'
import { INVITATION_LIFETIME_DAYS } from './joining.terms'

/*
 * Invitations: an admin names an address, and the forum mails it a link to
 * /join. Built like address confirmations: the link carries the row's id
 * and a signature made with the forum's key, so the table holds nothing a
 * copy of it could join with; the row says until when the link works and
 * whether it was used or revoked. A link works once. Invitations work in
 * every mode: under "by invitation only" they are the only way in, and
 * elsewhere they spare the invitee the domain check and the approval.
 */

const PURPOSE = 'invitation'

export type InvitationState = 'ready' | 'used' | 'revoked' | 'expired'

const refusals: Record<Exclude<InvitationState, 'ready'>, string> = {
  used: 'This invitation was used already: each works once. Sign in if the account is yours.',
  revoked: 'This invitation was withdrawn. Ask the community’s admins for a new one.',
  expired: `This invitation has expired: invitations work for ${INVITATION_LIFETIME_DAYS} days. Ask the community’s admins for a new one.`,
}

const notAnInvitation = () =>
  new DomainError('not_found', 'This invitation link is not valid. Check that you copied all of it.', { invite: 'Not a valid invitation.' })

/** The path an invitation mail links to: the join form, which carries it along. */
export async function invitationPath(sql: Db, invitationId: number): Promise<string> {
  return `/join?invite=${encodeURIComponent(await signLink(sql, PURPOSE, String(invitationId)))}`
}

async function invitationIdOf(sql: Db, link: unknown): Promise<number | null> {
  const subject = await readLink(sql, PURPOSE, link)
  return subject && /^[1-9]\d{0,14}$/.test(subject) ? Number(subject) : null
}

export function invitationStateOf(invitation: joining.InvitationRow, now = new Date()): InvitationState {
  if (invitation.usedAt) return 'used'
  if (invitation.revokedAt) return 'revoked'
  if (invitation.expiresAt <= now) return 'expired'
  return 'ready'
}

export interface InvitationView {
  state: InvitationState
  /** The address invited, which the join form starts from. */
  email: string
  /** Why the link no longer works, for any state but `ready`. */
  refusal: string | null
}

/** What the join form shows of the invitation a link names, changing nothing; null when the link is not one. */
export async function readInvitation(sql: Db, link: unknown): Promise<InvitationView | null> {
  const id = await invitationIdOf(sql, link)
  const invitation = id ? await joining.findInvitation(sql, id) : undefined
  if (!invitation) return null
  const state = invitationStateOf(invitation)
  return { state, email: invitation.email, refusal: state === 'ready' ? null : refusals[state] }
}

/**
 * The invitation a sign-up comes with, locked in its transaction so two
 * sign-ups with one link take turns and the second finds it spent. Throws
 * why it no longer works.
 */
export async function takeInvitation(tx: Db, link: unknown): Promise<joining.InvitationRow> {
  const id = await invitationIdOf(tx, link)
  const invitation = id ? await joining.lockInvitation(tx, id) : undefined
  if (!invitation) throw notAnInvitation()
  const state = invitationStateOf(invitation)
  if (state !== 'ready') throw new DomainError('gone', refusals[state])
  return invitation
}

/** Spends the invitation on the account it made, in the sign-up's transaction. */
export async function spendInvitation(tx: Db, invitationId: number, userId: number): Promise<void> {
  await joining.markInvitationUsed(tx, invitationId, userId)
}

/**
 * Invites an address: the mail is queued with the invitation, and an
 * earlier invitation to the same address that was not used is withdrawn,
 * so only the newest link works.
 */
export async function sendInvitation(sql: Sql, actor: Actor, input: unknown): Promise<{ email: string; expiresAt: Date }> {
  const admin = authorize(actor, 'joining:manage')
  const { email } = validate(invitationForm, input)
  if (await users.findUserByEmail(sql, email)) {
    throw new DomainError('conflict', 'Please check the address.', { email: 'An account with that email already exists.' })
  }
  return sql.begin(async (tx) => {
    const replaced = await joining.revokeOpenInvitationsTo(tx, email)
    const invitation = await joining.insertInvitation(tx, {
      email,
      invitedBy: admin.id,
      lifetimeSeconds: INVITATION_LIFETIME_DAYS * 24 * 3600,
    })
    await queueMail(tx, { kind: 'invitation', userId: null, toAddress: email, invitationId: invitation.id })
    await insertAudit(tx, {
      actorId: admin.id,
      action: 'invitation:sent',
      target: { type: 'invitation', id: invitation.id },
      detail: { email, replaced },
    })
    return { email, expiresAt: invitation.expiresAt }
  })
}

/** Withdraws an invitation not used yet: its link stops working at once. */
export async function revokeInvitation(sql: Sql, actor: Actor, invitationId: number): Promise<{ email: string }> {
  const admin = authorize(actor, 'joining:manage')
  return sql.begin(async (tx) => {
    const revoked = await joining.revokeInvitation(tx, invitationId)
    if (!revoked) {
      const invitation = await joining.findInvitation(tx, invitationId)
      if (!invitation) throw new DomainError('not_found', 'There is no such invitation.')
      throw new DomainError('conflict', invitation.usedAt ? 'That invitation was used already.' : 'That invitation was withdrawn already.')
    }
    await insertAudit(tx, {
      actorId: admin.id,
      action: 'invitation:revoked',
      target: { type: 'invitation', id: revoked.id },
      detail: { email: revoked.email },
    })
    return { email: revoked.email }
  })
}
