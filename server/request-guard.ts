import type { NextFunction, Request, Response } from 'express'

import { errorPage, SAFE_METHODS } from './security'

/*
 * Every request passes here before any route sees it, so odd input is
 * answered with a 4xx and a sentence in one place: an address that does not
 * decode, a NUL character, a body of the wrong type, too many fields.
 */

/** Larger than any form the forum has (a 50,000-character post, percent-encoded). */
export const MAX_BODY_BYTES = 1024 * 1024
/** The largest form has a handful of fields; a hundred leaves room and keeps parsing cheap. */
export const MAX_FORM_FIELDS = 100

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/** Paths and query strings that do not decode, or that hide a NUL, are not pages. */
export function rejectOddUrls(req: Request, res: Response, next: NextFunction) {
  let path: string
  try {
    path = decodeURIComponent(req.path)
  } catch {
    return errorPage(res, 400, 'Address not valid', 'That address is not valid. Check the link and try again.')
  }
  const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : ''
  if (path.includes('\0') || /%00/i.test(query)) {
    return errorPage(res, 400, 'Address not valid', 'That address contains a character that is not allowed.')
  }
  // `/c/help/` is `/c/help` spelled twice: one address per page, for links and search engines.
  if ((req.method === 'GET' || req.method === 'HEAD') && req.path.length > 1 && req.path.endsWith('/')) {
    const bare = req.path.replace(/\/+$/, '') || '/'
    // `//host` or `/\\host` would read as another site: only a plain path is shortened.
    if (/^\/(?![/\\])/.test(bare) || bare === '/') return res.redirect(301, bare + query)
  }
  next()
}

/** Files one form may carry at once (the editor's picker without JavaScript). */
export const MAX_FORM_FILES = 4

/**
 * Reads a write's body into memory once (it is small: the length was
 * checked), checks its type and its number of fields, and leaves it on
 * `req.body` for Remix. Anything else is refused before any parsing work.
 * A multipart form may carry files, up to `MAX_FORM_FILES` of the
 * community's largest upload (`uploadMaxBytes`, read per request).
 */
export function readFormBody(uploadMaxBytes: () => number) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const length = req.get('content-length')
    if (length === undefined && req.get('transfer-encoding')) {
      return errorPage(res, 411, 'Length required', 'Send the request with a Content-Length.')
    }
    const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
    const multipart = type === 'multipart/form-data'
    const limit = multipart ? MAX_BODY_BYTES + MAX_FORM_FILES * uploadMaxBytes() : MAX_BODY_BYTES
    const tooLarge = () =>
      errorPage(
        res,
        413,
        'Too large',
        multipart
          ? `That is too large. Files can be at most ${Math.round(uploadMaxBytes() / (1024 * 1024))} MB, ${MAX_FORM_FILES} at a time.`
          : 'That request is too large. Posts can have at most 50,000 characters.',
      )
    if (Number(length) > limit) {
      // Close the connection: the body is not read.
      res.set('Connection', 'close')
      return tooLarge()
    }
    if (!FORM_TYPES.includes(type)) {
      return errorPage(res, 415, 'Not a form', 'The forum takes forms only: send the fields as a form (application/x-www-form-urlencoded).')
    }
    readBody(req, res, next, type, limit, tooLarge)
  }
}

function readBody(req: Request, res: Response, next: NextFunction, type: string, limit: number, tooLarge: () => void) {
  const chunks: Buffer[] = []
  let size = 0
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= limit) chunks.push(chunk)
  })
  req.on('error', next)
  req.on('end', () => {
    if (size > limit) return tooLarge()
    const body = Buffer.concat(chunks)
    const problem = type === 'multipart/form-data' ? checkMultipart(req, body) : checkUrlEncoded(body)
    if (problem) return errorPage(res, problem.status, problem.title, problem.message)
    req.body = body
    next()
  })
}

interface Problem {
  status: number
  title: string
  message: string
}

const tooManyFields: Problem = {
  status: 413,
  title: 'Too many fields',
  message: `That form has more than ${MAX_FORM_FIELDS} fields, so it was not read.`,
}

function checkUrlEncoded(body: Buffer): Problem | null {
  let fields = body.length ? 1 : 0
  for (let i = body.indexOf(0x26); i !== -1 && fields <= MAX_FORM_FIELDS; i = body.indexOf(0x26, i + 1)) fields++
  if (fields > MAX_FORM_FIELDS) return tooManyFields
  // `%00` is a NUL character once decoded: no text field holds one, and the database refuses it.
  if (/%00/i.test(body.toString('latin1'))) {
    return { status: 400, title: 'Form not valid', message: 'A field contains a NUL character, which is not allowed.' }
  }
  return null
}

function checkMultipart(req: Request, body: Buffer): Problem | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.get('content-type') ?? '')
  if (!boundary) return { status: 400, title: 'Form not valid', message: 'That form has no boundary between its fields.' }
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  let parts = -1
  for (let i = body.indexOf(marker); i !== -1 && parts <= MAX_FORM_FIELDS; i = body.indexOf(marker, i + marker.length)) parts++
  return parts > MAX_FORM_FIELDS ? tooManyFields : null
}
