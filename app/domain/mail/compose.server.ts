import type { Db } from '../../../db/client'
import { findMailAddress, type MailRow } from '../../../db/queries/mail'
import { getSettings } from '../settings/settings.server'
import {
  composeEmailChanged,
  composeExportReady,
  composePasswordChanged,
  composeResetPassword,
  composeVerifyEmail,
} from './compose-account.server'
import { composeInvitation } from './compose-invitation.server'
import { composeDigest, composeNotificationMail } from './compose-notifications.server'
import type { ComposeContext, Composed } from './message'

/**
 * Writes a queued mail as it should read now, or says why it is no longer
 * sent. Notification mail goes only to a confirmed address; account mail
 * goes to the address it names.
 */
export async function composeMail(sql: Db, mail: MailRow, options: Omit<ComposeContext, 'siteName'>): Promise<Composed> {
  const siteName = async () => (await getSettings(sql)).siteName
  // An invitation goes to someone who has no account yet.
  if (mail.kind === 'invitation') return composeInvitation(sql, mail, { ...options, siteName: await siteName() })
  const user = mail.userId === null ? undefined : await findMailAddress(sql, mail.userId)
  if (!user) return { drop: 'the account no longer exists' }
  const context: ComposeContext = { ...options, siteName: (await getSettings(sql)).siteName }
  switch (mail.kind) {
    case 'verify_email':
      return composeVerifyEmail(sql, mail, user.username, context)
    case 'email_changed':
      return composeEmailChanged(sql, mail, user.username, context)
    case 'reset_password':
      return composeResetPassword(sql, mail, user.username, user.email, context)
    case 'password_changed':
      return composePasswordChanged(mail, user.username, user.email, context)
    case 'export_ready':
      return composeExportReady(sql, mail, user.username, user.email, context)
    case 'notification':
    case 'digest': {
      if (!user.emailVerifiedAt) return { drop: 'the member has no confirmed address' }
      const reader = { id: user.id, username: user.username, role: user.role, email: user.email }
      return mail.kind === 'notification' ? composeNotificationMail(sql, mail, reader, context) : composeDigest(sql, mail, reader, context)
    }
  }
}
