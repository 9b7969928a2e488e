import type { MailMessage } from '../app/domain/mail/message'

/*
 * The mail port: what the forum asks of whatever carries its mail. Two
 * transports implement it: SMTP (SMTP_URL) and, with no configuration,
 * `.eml` files in a folder, so a forum on a laptop shows what it would
 * have sent. The mail consumer (mail/sender.ts) is their only caller.
 */

/** A composed message with what makes it a real mail: who it is from and an id that stays the same if it is sent again. */
export type OutgoingMail = MailMessage & {
  /** `<...@host>`, made from the mail's row id: a resend is recognisably the same message. */
  messageId: string
  from: string
}

export interface MailTransport {
  readonly name: 'smtp' | 'files'
  /** Resolves once the message is accepted (by the SMTP server, or written); throws while the transport is away. */
  send(mail: OutgoingMail): Promise<void>
  /** Deletes the copies it keeps of mail to this address (when an account is deleted); resolves to how many. */
  forget(address: string): Promise<number>
  close(): Promise<void>
}

/** The message as nodemailer takes it: the same fields for every transport built on it. */
export function nodemailerMessage(mail: OutgoingMail) {
  const { from, to, subject, text, html, headers, messageId } = mail
  return { from, to, subject, text, html, headers, messageId }
}
