import path from 'node:path'

import { createFileTransport } from './files'
import type { MailTransport } from './port'
import { createSmtpTransport } from './smtp'

export type { MailTransport, OutgoingMail } from './port'

/** The transport the configuration names: SMTP at SMTP_URL, else `.eml` files under DATA_DIR/mail. */
export function createMailTransport(env: { SMTP_URL?: string; DATA_DIR: string }, log: (line: string) => void): MailTransport {
  if (env.SMTP_URL) return createSmtpTransport(env.SMTP_URL)
  return createFileTransport(mailFolder(env.DATA_DIR), log)
}

/** Where an unconfigured forum writes its mail. */
export const mailFolder = (dataDir: string) => path.join(dataDir, 'mail')

/** Who mail comes from: MAIL_FROM, else a no-reply address at the forum's host. */
export function mailFrom(env: { MAIL_FROM?: string; PUBLIC_URL?: string }): string {
  if (env.MAIL_FROM) return env.MAIL_FROM
  return `Community <no-reply@${mailHost(env)}>`
}

/** The host that names the forum's messages: PUBLIC_URL's, else localhost. */
export function mailHost(env: { PUBLIC_URL?: string }): string {
  return env.PUBLIC_URL ? new URL(env.PUBLIC_URL).hostname : 'localhost'
}
