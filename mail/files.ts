import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'

import { nodemailerMessage, type MailTransport, type OutgoingMail } from './port'

/*
 * With no SMTP server configured, each message is written as a complete
 * `.eml` file (what an SMTP server would have been handed: any mail program
 * opens it) and named in one log line. Nothing is lost and nothing leaves
 * the machine.
 */

/** A name that sorts in sending order and says which mail it is. */
function fileName(mail: OutgoingMail): string {
  const id = mail.messageId
    .replace(/^<|>$/g, '')
    .split('@')[0]
    .replace(/[^\w.-]/g, '_')
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`
}

export function createFileTransport(folder: string, log: (line: string) => void): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    name: 'files',
    async send(mail: OutgoingMail) {
      const info = await builder.sendMail(nodemailerMessage(mail))
      await mkdir(folder, { recursive: true })
      const file = path.join(folder, fileName(mail))
      // Written aside and renamed, so a reader of the folder never sees half a message.
      await writeFile(`${file}.part`, info.message as Buffer)
      await rename(`${file}.part`, file)
      log(`mail to ${mail.to}: "${mail.subject}" written to ${file}`)
    },
    async close() {},
  }
}
