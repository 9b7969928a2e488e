/*
 * Reads a raw message (an `.eml` file, or what an SMTP server received)
 * back into headers and text: enough for tests and the browser tests'
 * mailbox to check what a reader would see. It understands what nodemailer
 * writes: folded headers, RFC 2047 encoded words, multipart bodies, and the
 * quoted-printable and base64 transfer encodings.
 */

export interface ReadMail {
  /** Header names in lower case, values unfolded and decoded. */
  headers: Record<string, string>
  to: string
  subject: string
  text: string
  html: string
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bqBQ])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    )
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = []
  const unfolded = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded.slice(i + 1, i + 3)
    if (unfolded[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(unfolded[i], 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

function splitHead(raw: string): { headers: Record<string, string>; body: string } {
  const normal = raw.replace(/\r\n/g, '\n')
  const end = normal.indexOf('\n\n')
  const head = end < 0 ? normal : normal.slice(0, end)
  const body = end < 0 ? '' : normal.slice(end + 2)
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim())
  }
  return { headers, body }
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body)
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    default:
      return body
  }
}

/** Every leaf part of a message, by content type. */
function leaves(raw: string): Array<{ type: string; content: string }> {
  const { headers, body } = splitHead(raw)
  const type = headers['content-type'] ?? 'text/plain'
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const parts = body.split(`--${boundary}`).slice(1)
    return parts.filter((part) => !part.startsWith('--')).flatMap((part) => leaves(part.replace(/^\n/, '')))
  }
  return [{ type: type.split(';')[0].trim().toLowerCase(), content: decodeBody(body, headers['content-transfer-encoding']) }]
}

export function readMail(raw: string): ReadMail {
  const { headers } = splitHead(raw)
  const parts = leaves(raw)
  return {
    headers,
    to: headers.to ?? '',
    subject: headers.subject ?? '',
    text: parts.find((p) => p.type === 'text/plain')?.content.trimEnd() ?? '',
    html: parts.find((p) => p.type === 'text/html')?.content.trimEnd() ?? '',
  }
}
