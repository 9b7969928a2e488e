import { composeMail } from '../app/domain/mail/compose.server'
import type { Db } from '../db/client'
import { findMail, markMailDropped, markMailSent } from '../db/queries/mail'
import type { Consumer, OutboxEvent } from '../server/consumers'
import type { MailTransport } from './port'

/*
 * The mail consumer: sends each queued mail once. One mail per batch (the
 * events between two mails are passed over with it), so a mail is marked sent in the same transaction as the consumer's position,
 * right after the transport accepted it; the consumer's turn is held by one
 * process at a time, so two processes never send the same mail. Only a
 * crash between the server's acceptance and the commit sends it twice, and
 * then with the same Message-ID. While the transport is away the send
 * throws, nothing is marked, and the consumer retries with backoff.
 */

export interface SenderOptions {
  /** Where links in mail point; read when a mail is sent (the listening port is known only then). */
  publicUrl: () => string
  from: string
  /** The host in Message-IDs. */
  host: string
}

export function messageIdFor(mailId: number, host: string): string {
  return `<mail-${mailId}@${host}>`
}

async function sendQueued(tx: Db, mailId: number, transport: MailTransport, options: SenderOptions) {
  const mail = await findMail(tx, mailId)
  // Already sent or dropped (this event handled before), or rolled back: nothing to do.
  if (!mail || mail.sentAt || mail.droppedReason) return
  const composed = await composeMail(tx, mail, { publicUrl: options.publicUrl() })
  if ('drop' in composed) {
    await markMailDropped(tx, mail.id, composed.drop)
    return
  }
  await transport.send({ ...composed.message, from: options.from, messageId: messageIdFor(mail.id, options.host) })
  await markMailSent(tx, mail.id)
}

export function mailConsumer(transport: MailTransport, options: SenderOptions): Consumer {
  return {
    name: 'mail',
    // Mail queued before the consumer first ran is old news; from now on each goes.
    startFrom: 'now',
    batchSize: 1,
    takes: (event) => event.type === 'mail:queued',
    handle: async (tx: Db, events: OutboxEvent[]) => {
      for (const event of events) if (event.type === 'mail:queued') await sendQueued(tx, event.mailId, transport, options)
    },
  }
}
