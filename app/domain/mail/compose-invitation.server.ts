import type { Db } from '../../../db/client'
import { findInvitation } from '../../../db/queries/joining'
import type { MailRow } from '../../../db/queries/mail'
import { invitationPath, invitationStateOf } from '../joining/invitations.server'
import { renderBlocks, type Block } from './layout'
import type { ComposeContext, Composed } from './message'

const when = (date: Date) => date.toUTCString().replace('GMT', 'UTC')

/**
 * An admin's invitation to join, to an address with no account behind it.
 * Not sent when the link would not work by the time it goes: withdrawn,
 * replaced by a newer one, used or expired.
 */
export async function composeInvitation(sql: Db, mail: MailRow, context: ComposeContext, now = new Date()): Promise<Composed> {
  const invitation = mail.invitationId === null ? undefined : await findInvitation(sql, mail.invitationId)
  if (!invitation || !mail.toAddress) return { drop: 'the invitation it carried no longer exists' }
  const state = invitationStateOf(invitation, now)
  if (state !== 'ready') return { drop: `its invitation was ${state}` }
  const url = `${context.publicUrl}${await invitationPath(sql, invitation.id)}`
  const blocks: Block[] = [
    { type: 'text', text: 'Hello,' },
    {
      type: 'text',
      text: `You are invited to join ${context.siteName} at ${context.publicUrl}. Open this link to choose a username and a password:`,
    },
    { type: 'link', label: 'Join the community', url },
    {
      type: 'small',
      text: `The link works once, until ${when(invitation.expiresAt)}. If you did not expect this, ignore this mail: no account is made unless you open it.`,
    },
    { type: 'rule' },
    { type: 'small', text: `Sent by ${context.siteName} at ${context.publicUrl} because one of its admins invited ${invitation.email}.` },
  ]
  return { message: { to: mail.toAddress, subject: 'You are invited to join the community', ...renderBlocks(blocks, context.siteName) } }
}
