import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import { rateLimit } from 'express-rate-limit'
import helmet from 'helmet'

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
 * Refuses state-changing requests that another site started: the browser
 * says where a request comes from in Origin and Sec-Fetch-Site, and a page
 * on another origin cannot forge either.
 */
export function sameOriginWrites(env: Env) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const site = req.get('sec-fetch-site')
    const origin = req.get('origin')
    if ((site && site !== 'same-origin' && site !== 'none') || (origin && origin !== expectedOrigin(req, env))) {
      return errorPage(res, 403, 'Request refused', 'This form was sent from another site, so it was not accepted.')
    }
    next()
  }
}

const AUTH_ROUTES = new Set(['/login', '/join'])

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

/**
 * Limits on writes per address. Reads are not limited: pages are cheap and
 * public. The test harness and benchmarks turn limits off or raise them,
 * since all their browsers come from 127.0.0.1.
 */
export function writeRateLimits(env: Env) {
  const { enabled, multiplier } = env.RATE_LIMITS
  const limiter = (limit: number) =>
    rateLimit({
      windowMs: 60_000,
      limit: Math.round(limit * multiplier),
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      skip: (req) => !enabled || SAFE_METHODS.has(req.method),
      handler: (_req, res) => errorPage(res, 429, 'Slow down', 'Too many requests from your address. Please wait a minute and try again.'),
    })
  const auth = limiter(10)
  const writes = limiter(60)
  return [(req: Request, res: Response, next: NextFunction) => (AUTH_ROUTES.has(routeOf(req.path)) ? auth(req, res, next) : next()), writes]
}

/**
 * Searches and suggestions cost the database more than a page: one address
 * may run a few a second (typing sends one per pause), not a flood.
 */
export function searchRateLimit(env: Env) {
  const { enabled, multiplier } = env.RATE_LIMITS
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: Math.round(120 * multiplier),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: () => !enabled,
    handler: (_req, res) => errorPage(res, 429, 'Slow down', 'Too many searches from your address. Please wait a minute and try again.'),
  })
  return (req: Request, res: Response, next: NextFunction) =>
    /^\/search(\/similar)?(\.data)?$/.test(req.path) ? limiter(req, res, next) : next()
}

export { errorPage }
