import type { NextFunction, Request, Response } from 'express'
import { LRUCache } from 'lru-cache'
import onHeaders from 'on-headers'

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
 *
 * Visitors' browsers keep pages too (`public, no-cache`, `Vary: Cookie`) and
 * revalidate them with the weak ETag each page carries: the build, an hour
 * (relative times age), and the page's version, read with one cheap query
 * before rendering (app/domain/pages/versions.server.ts). An unchanged page
 * answers 304 without rendering, or without even that query while its entry
 * is kept here. The nonce never feeds the ETag, and a 304 carries no CSP:
 * the browser keeps the policy it stored with the page, whose nonce matches.
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
  /** The ETag it was sent with, if its version was known. */
  etag: string | null
}

/** What is kept and revalidated: pages, the data live pages reload (Remix's single fetch), feeds and sitemaps. */
const KEPT_TYPES = /^(?:text\/html|text\/x-script|application\/(?:atom\+)?xml|text\/xml|text\/plain)/

export interface PageCache {
  middleware: (req: Request, res: Response, next: NextFunction) => void
  /** Forgets every page: something a page may show has changed. */
  clear: () => void
}

export interface PageCacheOptions {
  /** How long a page is kept here; 0 keeps none (browsers still revalidate). */
  seconds: number
  maxBytes?: number
  /** The version of the page at this path as visitors see it; null if it has none. */
  version?: (path: string) => Promise<string | null>
  /** The build being served: a new one changes every page. */
  build?: () => string
  /** How long to wait for a version before rendering without one: a stalled database must not hang the page. */
  versionTimeoutMs?: number
}

/** Answers a revalidation: the browser's copy is current. No CSP (see above), no body. */
function notModified(res: Response, etag: string) {
  res.removeHeader('Content-Security-Policy')
  res.status(304).set({ ETag: etag, 'Cache-Control': VISITOR_CACHE_CONTROL }).end()
}

const VISITOR_CACHE_CONTROL = 'public, no-cache'
const HOUR = 3_600_000

export function createPageCache({
  seconds,
  maxBytes = 64 * 1024 * 1024,
  version,
  build = () => '',
  versionTimeoutMs = 500,
}: PageCacheOptions): PageCache {
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

  /** The ETag for the page at `path` now, or null when it has no version (or the database did not say). */
  const currentEtag = async (path: string): Promise<string | null> => {
    if (!version) return null
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), versionTimeoutMs)))
    const value = await Promise.race([version(path).catch(() => null), late])
    clearTimeout(timer)
    return value === null ? null : `W/"${build()}.${Math.floor(Date.now() / HOUR)}.${value}"`
  }
  const revalidates = (req: Request, res: Response, etag: string | null): etag is string => {
    if (!etag || !req.get('if-none-match')) return false
    res.setHeader('ETag', etag)
    return req.fresh
  }

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (!SAFE_METHODS.has(req.method)) {
      res.once('finish', clear)
      return next()
    }
    if (req.method !== 'GET' || hasSession.test(req.get('cookie') ?? '')) return next()
    // A visitor's page: the same for every visitor, so shared caches may keep it, never for a member.
    res.vary('Cookie')
    void serveVisitor(req, res, next).catch(next)
  }

  const serveVisitor = async (req: Request, res: Response, next: NextFunction) => {
    const key = `${req.protocol}://${req.get('host')}${req.originalUrl}`
    const nonce = res.locals.nonce as string
    const page = seconds === 0 ? undefined : pages.get(key)
    if (page) {
      if (revalidates(req, res, page.etag)) return notModified(res, page.etag)
      res.status(200).set(page.headers).set('X-Page-Cache', 'hit')
      if (page.etag) res.set('ETag', page.etag)
      res.end(page.parts.join(nonce))
      return
    }

    // The version is read before rendering: a change committed meanwhile makes the ETag older than the page, never newer.
    const startedAt = generation
    const etag = await currentEtag(req.path)
    if (revalidates(req, res, etag)) return notModified(res, etag)
    if (etag) res.setHeader('ETag', etag)
    onHeaders(res, () => {
      const cacheControl = String(res.getHeader('cache-control') ?? '')
      const shared = res.statusCode === 200 && !res.getHeader('set-cookie') && !/no-store|private/.test(cacheControl)
      if (!shared) res.removeHeader('ETag')
      else if (!cacheControl) res.setHeader('Cache-Control', VISITOR_CACHE_CONTROL)
    })
    if (seconds === 0) return next()

    res.set('X-Page-Cache', 'miss')
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
        KEPT_TYPES.test(type) &&
        !res.getHeader('set-cookie') &&
        !/no-store|private/.test(String(res.getHeader('cache-control') ?? '')) &&
        size <= MAX_PAGE_BYTES &&
        generation === startedAt
      if (!keep) return
      const headers: Page['headers'] = {}
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (!before.has(name) && !PER_RESPONSE_HEADERS.has(name) && value !== undefined) headers[name] = value
      }
      const sent = res.getHeader('etag')
      pages.set(key, { headers, parts: Buffer.concat(chunks).toString('utf8').split(nonce), etag: typeof sent === 'string' ? sent : null })
    })
    next()
  }

  return { middleware, clear }
}
