import nodemailer from 'nodemailer'

import { nodemailerMessage, type MailTransport, type OutgoingMail } from './port'

/*
 * Short timeouts: a dead or unreachable server should fail the send at once,
 * so the mail consumer lets go of its turn and retries with backoff, instead
 * of holding a database transaction open for minutes.
 */
const TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000, dnsTimeout: 5_000 }

/**
 * Connections are pooled: opening one costs a round of greetings (about a
 * tenth of a second), more than sending a message on it. One connection is
 * enough, as the mail consumer sends one message at a time.
 */
const POOL = { pool: true, maxConnections: 1 } as const

/** Sends through the SMTP server at `url` (smtp:// with STARTTLS when offered, smtps:// for TLS from the start). */
export function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, ...POOL, ...TIMEOUTS })
  return {
    name: 'smtp',
    async send(mail: OutgoingMail) {
      await transporter.sendMail(nodemailerMessage(mail))
    },
    // What an SMTP server was handed is out of the forum's reach, and nothing is kept here.
    async forget() {
      return 0
    },
    async close() {
      transporter.close()
    },
  }
}
