import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

import { readMail, type ReadMail } from '../mail/eml'

/**
 * A real SMTP server on a loopback port (no TLS, no authentication), keeping
 * every message it accepts. `stop` and `start` take it away and bring it
 * back on the same port, as a mail server restarting would.
 */
export async function startSmtpServer() {
  const received: Array<ReadMail & { raw: string; envelopeTo: string[] }> = []
  let server: SMTPServer | null = null
  let port = 0

  async function start() {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // A lookup of 127.0.0.1's name per connection would slow every send down.
      disableReverseLookup: true,
      // Stopping it closes open (pooled) connections at once, as a server going away would.
      closeTimeout: 50,
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          received.push({ ...readMail(raw), raw, envelopeTo: session.envelope.rcptTo.map((r) => r.address) })
          callback()
        })
      },
    })
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject)
      server!.listen(port, '127.0.0.1', () => resolve())
    })
    port = (server.server.address() as AddressInfo).port
  }

  async function stop() {
    const closing = server
    server = null
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()))
  }

  await start()
  return {
    received,
    get url() {
      return `smtp://127.0.0.1:${port}`
    },
    start,
    stop,
  }
}
