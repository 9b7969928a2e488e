import type { Db } from '../../../db/client'
import { findArchiveSummary } from '../../../db/queries/account-archives'
import { findEmailToken, newerEmailTokenExists } from '../../../db/queries/email-tokens'
import type { MailRow } from '../../../db/queries/mail'
import { archivePath } from '../../lib/urls'
import { confirmationPath } from '../addresses/confirmation.server'
import { resetPath, resetStateOf } from '../auth/reset.server'
import { renderBlocks, type Block } from './layout'
import type { ComposeContext, Composed } from './message'

/*
 * Account mail: confirming an address, telling the old address that it is
 * being replaced, and a link to reset a forgotten password. They go to the
 * address named on the mail, confirmed or not, since they are how an address
 * gets confirmed or an account recovered. None carries an unsubscribe link:
 * they are answers to something the member just did.
 */

const when = (date: Date) => date.toUTCString().replace('GMT', 'UTC')

function signOff(context: ComposeContext): Block[] {
  return [
    { type: 'rule' },
    { type: 'small', text: `Sent by ${context.siteName} at ${context.publicUrl} because of a change to your account.` },
  ]
}

export async function composeVerifyEmail(
  sql: Db,
  mail: MailRow,
  username: string,
  context: ComposeContext,
  now = new Date(),
): Promise<Composed> {
  const token = mail.emailTokenId === null ? undefined : await findEmailToken(sql, mail.emailTokenId)
  if (!token || !mail.toAddress) return { drop: 'the confirmation it carried no longer exists' }
  if (token.usedAt) return { drop: 'the address was confirmed already' }
  if (token.expiresAt <= now) return { drop: 'its link expired before it could be sent' }
  // Only the newest link works: an older one would only disappoint.
  if (await newerEmailTokenExists(sql, token)) return { drop: 'a newer confirmation link was sent' }
  const url = `${context.publicUrl}${await confirmationPath(sql, token.id)}`
  const blocks: Block[] = [
    { type: 'text', text: `Hi ${username},` },
    { type: 'text', text: `Please confirm that ${token.email} is your address, so the community can send you mail there.` },
    { type: 'link', label: 'Confirm your address', url },
    {
      type: 'small',
      text: `The link works once, until ${when(token.expiresAt)}. If you did not ask for this, ignore this mail: nothing changes.`,
    },
    ...signOff(context),
  ]
  return { message: { to: mail.toAddress, subject: 'Confirm your email address', ...renderBlocks(blocks, context.siteName) } }
}

export async function composeEmailChanged(sql: Db, mail: MailRow, username: string, context: ComposeContext): Promise<Composed> {
  const token = mail.emailTokenId === null ? undefined : await findEmailToken(sql, mail.emailTokenId)
  if (!token || !mail.toAddress) return { drop: 'the change it told of no longer exists' }
  const blocks: Block[] = [
    { type: 'text', text: `Hi ${username},` },
    {
      type: 'text',
      text: `The email address of your community account is being changed to ${token.email}. Mail will go there once that address is confirmed.`,
    },
    {
      type: 'text',
      text: 'If this was not you, sign in now, change your password and set your address back, then tell the community staff: someone else may know your password.',
    },
    { type: 'link', label: 'Sign in', url: `${context.publicUrl}/login` },
    ...signOff(context),
  ]
  return { message: { to: mail.toAddress, subject: 'Your email address is being changed', ...renderBlocks(blocks, context.siteName) } }
}

export async function composeResetPassword(
  sql: Db,
  mail: MailRow,
  username: string,
  accountEmail: string,
  context: ComposeContext,
  now = new Date(),
): Promise<Composed> {
  const token = mail.emailTokenId === null ? undefined : await findEmailToken(sql, mail.emailTokenId)
  if (!token || !mail.toAddress) return { drop: 'the reset link it carried no longer exists' }
  // A link that would not work when opened only disappoints: used, expired, replaced by a newer one, or for an address the account left.
  const state = await resetStateOf(sql, token, accountEmail, now)
  if (state !== 'ready') return { drop: `its reset link is ${state}` }
  const url = `${context.publicUrl}${await resetPath(sql, token.id)}`
  const blocks: Block[] = [
    { type: 'text', text: `Hi ${username},` },
    { type: 'text', text: 'Someone asked to reset the password of your community account. To choose a new password, open this link:' },
    { type: 'link', label: 'Choose a new password', url },
    {
      type: 'small',
      text: `The link works once, until ${when(token.expiresAt)}. If you did not ask for this, ignore this mail: your password stays as it is.`,
    },
    ...signOff(context),
  ]
  return { message: { to: mail.toAddress, subject: 'Reset your password', ...renderBlocks(blocks, context.siteName) } }
}

/** Tells the member their password changed, so a change they did not make is noticed. Goes to the account's address. */
export function composePasswordChanged(mail: MailRow, username: string, accountEmail: string, context: ComposeContext): Composed {
  const blocks: Block[] = [
    { type: 'text', text: `Hi ${username},` },
    {
      type: 'text',
      text: `The password of your community account was changed on ${when(mail.createdAt)}. Every other browser was signed out.`,
    },
    {
      type: 'text',
      text: 'If this was not you, choose a new password now with “Forgot your password?” and tell the community staff: someone else may have got in.',
    },
    { type: 'link', label: 'Choose a new password', url: `${context.publicUrl}/forgot` },
    ...signOff(context),
  ]
  return { message: { to: accountEmail, subject: 'Your password was changed', ...renderBlocks(blocks) } }
}

/** The link to a member's archive once it is built; it lasts as long as the archive. */
export async function composeExportReady(sql: Db, mail: MailRow, username: string, accountEmail: string, context: ComposeContext) {
  const archive = mail.exportId === null ? undefined : await findArchiveSummary(sql, mail.exportId)
  if (!archive?.readyAt || !archive.expiresAt) return { drop: 'the archive it announced no longer exists' } satisfies Composed
  const blocks: Block[] = [
    { type: 'text', text: `Hi ${username},` },
    {
      type: 'text',
      text: 'The archive of your data you asked for is ready: everything the community holds about you, and the files you uploaded.',
    },
    { type: 'link', label: 'Download your archive', url: `${context.publicUrl}${archivePath(archive.id)}` },
    { type: 'small', text: `Sign in to download it. It is kept until ${when(archive.expiresAt)}, then deleted.` },
    ...signOff(context),
  ]
  return { message: { to: accountEmail, subject: 'Your data is ready to download', ...renderBlocks(blocks) } } satisfies Composed
}
