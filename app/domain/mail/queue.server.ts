import type { Db } from '../../../db/client'
import { insertMail, type NewMail } from '../../../db/queries/mail'
import { recordEvent } from '../events'

/**
 * Queues a message in the caller's transaction: the mail consumer sends it
 * once that commits (and not at all if it rolls back). Only the ids go in
 * the row; the text is composed when it is sent, so it says what the reader
 * may see then.
 */
export async function queueMail(tx: Db, mail: NewMail): Promise<number> {
  const mailId = await insertMail(tx, mail)
  await recordEvent(tx, { type: 'mail:queued', mailId })
  return mailId
}
