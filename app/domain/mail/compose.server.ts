import type { Db } from '../../../db/client'
import { findMailAddress, type MailRow } from '../../../db/queries/mail'
import { composeEmailChanged, composeResetPassword, composeVerifyEmail } from './compose-account.server'
import { composeInvitation } from './compose-invitation.server'
import { composeDigest, composeNotificationMail } from './compose-notifications.server'
import type { ComposeContext, Composed } from './message'

/**
 * Writes a queued mail as it should read now, or says why it is no longer
 * sent. Notification mail goes only to a confirmed address; account mail
 * goes to the address it names.
 */
export async function composeMail(sql: Db, mail: MailRow, context: ComposeContext): Promise<Composed> {
  // An invitation goes to someone who has no account yet.
  if (mail.kind === 'invitation') return composeInvitation(sql, mail, context)
  const user = mail.userId === null ? undefined : await findMailAddress(sql, mail.userId)
  if (!user) return { drop: 'the account no longer exists' }
  switch (mail.kind) {
    case 'verify_email':
      return composeVerifyEmail(sql, mail, user.username, context)
    case 'email_changed':
      return composeEmailChanged(sql, mail, user.username, context)
    case 'reset_password':
      return composeResetPassword(sql, mail, user.username, user.email, context)
    case 'notification':
    case 'digest': {
      if (!user.emailVerifiedAt) return { drop: 'the member has no confirmed address' }
      const reader = { id: user.id, username: user.username, role: user.role, email: user.email }
      return mail.kind === 'notification' ? composeNotificationMail(sql, mail, reader, context) : composeDigest(sql, mail, reader, context)
    }
  }
}
