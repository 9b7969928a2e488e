import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'

import { RateLimited } from '../app/domain/errors'
import { consumeLimit, type LimitName } from '../app/domain/limits/limits.server'
import type { Sql } from '../db/client'
import type { Env } from './env'

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function errorPage(res: Response, status: number, title: string, message: string) {
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${title}</title></head><body><main><h1>${title}</h1><p>${message}</p><p><a href="/">Back to the community</a></p></main></body></html>`,
    )
}

export function nonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.nonce = randomBytes(16).toString('base64')
  next()
}

/** Browser features no forum page uses are switched off for the page and anything it embeds. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()'

/**
 * Security headers. `imageHosts` gives the hosts an admin allows images
 * from: the same list the Markdown sanitizer applies, so a reader's browser
 * never fetches an image from anywhere else.
 */
export function securityHeaders(env: Env, imageHosts: () => readonly string[]) {
  const https = env.PUBLIC_URL?.startsWith('https://') ?? false
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Only scripts carrying this response's nonce run: an injected inline script does not.
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.nonce}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", ...imageHostSources(imageHosts)],
        // The dev server's live reload talks over its own websocket.
        connectSrc: env.NODE_ENV === 'development' ? ["'self'", 'ws:'] : ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 15552000 } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  })
  return [
    headers,
    (_req: Request, res: Response, next: NextFunction) => {
      res.set('Permissions-Policy', PERMISSIONS_POLICY)
      next()
    },
  ]
}

/** One CSP source per allowed host, read per request so an admin's change applies at once. */
function imageHostSources(imageHosts: () => readonly string[]) {
  return [
    (_req: unknown, _res: unknown) =>
      imageHosts()
        .map((host) => `https://${host}`)
        .join(' '),
  ]
}

export function expectedOrigin(req: Request, env: Env): string {
  return env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `${req.protocol}://${req.get('host')}`
}

/**
 * The one write another site may start: one-click unsubscribe (RFC 8058),
 * which a mail program posts from wherever it runs. The signed token in the
 * address is the whole authority, so where the POST comes from adds nothing.
 */
const ONE_CLICK_UNSUBSCRIBE = /^\/unsubscribe\/[^/]+$/

/**
 * Refuses state-changing requests that another site started: the browser
 * says where a request comes from in Origin and Sec-Fetch-Site, and a page
 * on another origin cannot forge either.
 */
export function sameOriginWrites(env: Env) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    if (req.method === 'POST' && ONE_CLICK_UNSUBSCRIBE.test(routeOf(req.path))) {
      // Remix makes its own Origin check; the handler leaves the header out for this request.
      res.locals.crossOriginAccepted = true
      return next()
    }
    const site = req.get('sec-fetch-site')
    const origin = req.get('origin')
    if ((site && site !== 'same-origin' && site !== 'none') || (origin && origin !== expectedOrigin(req, env))) {
      return errorPage(res, 403, 'Request refused', 'This form was sent from another site, so it was not accepted.')
    }
    next()
  }
}

/**
 * The route a path reaches however it is spelled: Remix matches paths
 * case-insensitively, ignores a trailing slash and serves data at `.data`.
 */
export function routeOf(path: string): string {
  return (
    path
      .toLowerCase()
      .replace(/\/{2,}/g, '/')
      .replace(/\.data$/, '')
      .replace(/\/+$/, '') || '/'
  )
}

const SEARCH_ROUTES = new Set(['/search', '/search/similar'])

/** How long a request waits for its limit's count before going on uncounted. */
const LIMIT_WAIT_MS = 2_000

/**
 * Limits per address, counted in the database so that every forum process
 * counts together (rules `search` and `write` in app/domain/limits/limits.ts).
 * Searches and suggestions cost the database more than a page; any request
 * that changes something counts as a write. Other reads are not limited:
 * pages are cheap and public. A count that fails or is slow lets the request
 * through: a database that is away answers the request itself with a 503,
 * and the limit must not turn that into a hang.
 */
export function addressLimits(sql: Sql, env: Env) {
  const settings = env.RATE_LIMITS
  return (req: Request, res: Response, next: NextFunction) => {
    const name: LimitName | null = SEARCH_ROUTES.has(routeOf(req.path)) ? 'search' : SAFE_METHODS.has(req.method) ? null : 'write'
    if (!name || !settings.enabled) return next()
    let settled = false
    const go = (refused?: RateLimited) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (!refused) return next()
      res.set('Retry-After', String(refused.retryAfterSeconds))
      errorPage(res, 429, 'Slow down', refused.message)
    }
    const timer = setTimeout(() => go(), LIMIT_WAIT_MS)
    consumeLimit(sql, name, req.ip ?? req.socket.remoteAddress ?? '', settings).then(
      () => go(),
      (error: unknown) => go(error instanceof RateLimited ? error : undefined),
    )
  }
}

export { errorPage }
