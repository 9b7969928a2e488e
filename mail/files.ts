import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
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
    async forget(address) {
      const wanted = address.toLowerCase()
      let names: string[]
      try {
        names = await readdir(folder)
      } catch {
        return 0
      }
      let forgotten = 0
      for (const name of names.filter((n) => n.endsWith('.eml'))) {
        const file = path.join(folder, name)
        // Any message naming the address is about that account (headers may fold or encode the To line, the text repeats it).
        const text = await readFile(file, 'utf8').catch(() => '')
        if (!text.toLowerCase().includes(wanted)) continue
        await rm(file, { force: true })
        forgotten++
      }
      return forgotten
    },
    async close() {},
  }
}
