import type { NextFunction, Request, Response } from 'express'
import { LRUCache } from 'lru-cache'

import { SESSION_COOKIE } from '../app/domain/auth/session.server'

/*
 * Pages as anonymous visitors see them, kept in memory for a few seconds.
 * Most readers of a community are not signed in and all see the same page,
 * so rendering it once per change rather than once per visit is what lets
 * one process serve hundreds of readers a second.
 *
 * What keeps it correct:
 * - only GET pages (and their data, which live pages reload after each
 *   event) without a session cookie, answered 200 with no cookie, are kept;
 *   signed-in members always get a fresh render;
 * - every write this process handles, and every forum event any process
 *   announces, empties the cache; a render that overlapped such a change is
 *   not kept;
 * - an entry expires after `seconds` anyway, which bounds "5 minutes ago"
 *   drift and changes made outside the web process (the CLI);
 * - each response gets its own CSP nonce: the stored page is split where
 *   the nonce stood and joined again with the new one.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const MAX_PAGE_BYTES = 2 * 1024 * 1024
const hasSession = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`)
// Set again for every response by the middleware before this one, or meaningless when replayed.
const PER_RESPONSE_HEADERS = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'vary',
  'date',
  'connection',
  'keep-alive',
  'etag',
])

interface Page {
  headers: Record<string, string | number | string[]>
  /** The body, split where this render's nonce stood. */
  parts: string[]
}

export interface PageCache {
  middleware: (req: Request, res: Response, next: NextFunction) => void
  /** Forgets every page: something a page may show has changed. */
  clear: () => void
}

export function createPageCache({ seconds, maxBytes = 64 * 1024 * 1024 }: { seconds: number; maxBytes?: number }): PageCache {
  const pages = new LRUCache<string, Page>({
    maxSize: maxBytes,
    sizeCalculation: (page) => page.parts.reduce((sum, part) => sum + part.length, 0) || 1,
    ttl: Math.max(seconds, 1) * 1000,
  })
  let generation = 0
  const clear = () => {
    generation++
    pages.clear()
  }

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (!SAFE_METHODS.has(req.method)) {
      res.once('finish', clear)
      return next()
    }
    if (seconds === 0 || req.method !== 'GET' || hasSession.test(req.get('cookie') ?? '')) return next()

    const key = `${req.protocol}://${req.get('host')}${req.originalUrl}`
    const nonce = res.locals.nonce as string
    const page = pages.get(key)
    if (page) {
      res.status(200).set(page.headers).set('X-Page-Cache', 'hit')
      res.end(page.parts.join(nonce))
      return
    }

    res.set('X-Page-Cache', 'miss')
    const startedAt = generation
    const before = new Set(Object.keys(res.getHeaders()))
    const chunks: Buffer[] = []
    let size = 0
    const collect = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array)
      size += buffer.length
      if (size <= MAX_PAGE_BYTES) chunks.push(buffer)
    }
    const write = res.write
    const end = res.end
    res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
      collect(chunk, rest[0])
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest)
    } as Response['write']
    res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
      collect(chunk, rest[0])
      return (end as (...args: unknown[]) => Response).call(this, chunk, ...rest)
    } as Response['end']

    res.once('finish', () => {
      const type = String(res.getHeader('content-type') ?? '')
      const keep =
        res.statusCode === 200 &&
        // A page's HTML, or its data as a live page reloads it (Remix's single fetch).
        (type.startsWith('text/html') || type.startsWith('text/x-script')) &&
        !res.getHeader('set-cookie') &&
        !/no-store|private/.test(String(res.getHeader('cache-control') ?? '')) &&
        size <= MAX_PAGE_BYTES &&
        generation === startedAt
      if (!keep) return
      const headers: Page['headers'] = {}
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (!before.has(name) && !PER_RESPONSE_HEADERS.has(name) && value !== undefined) headers[name] = value
      }
      pages.set(key, { headers, parts: Buffer.concat(chunks).toString('utf8').split(nonce) })
    })
    next()
  }

  return { middleware, clear }
}
