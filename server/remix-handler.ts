import { createRequestHandler, data, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from '@remix-run/node'
import type { NextFunction, Request, Response } from 'express'

/*
 * Remix behind Express, with two things the stock adapter cannot do: the
 * body is the one `readFormBody` already read and checked, and a database
 * that does not answer in time becomes a 503 page instead of a request that
 * hangs or a 500.
 */

const UNAVAILABLE_MESSAGE = 'The community’s database is not answering right now. Please try again in a minute.'

/** Errors that mean the database is away or too slow, as opposed to a bug. */
const UNAVAILABLE_CODES = new Set([
  '57014', // statement timeout or cancel
  '57P01', // admin shutdown
  '57P02',
  '57P03', // cannot connect now
  '53300', // too many connections
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
])

/** One reason for every ended request: aborting with none would build a DOMException, and its stack, per request. */
const RESPONSE_ENDED = new Error('the response ended')

class DeadlineExceeded extends Error {
  code = 'ETIMEDOUT'
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))
}

/** Runs `work` with a deadline; the timer is cleared as soon as it settles. */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}

type DataFunction = (args: unknown) => Promise<unknown>

function guard(fn: DataFunction | undefined, deadlineMs: number): DataFunction | undefined {
  if (!fn) return undefined
  return async (args) => {
    try {
      return await withDeadline(Promise.resolve(fn(args)), deadlineMs)
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw data({ message: UNAVAILABLE_MESSAGE }, { status: 503, headers: { 'Retry-After': '30' } })
      throw error
    }
  }
}

/** The same build with every loader and action under the deadline. */
function guardBuild(build: ServerBuild, deadlineMs: number): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const module = route.module as unknown as Record<string, unknown>
      return [
        id,
        {
          ...route,
          module: {
            ...module,
            loader: guard(module.loader as DataFunction | undefined, deadlineMs),
            action: guard(module.action as DataFunction | undefined, deadlineMs),
          },
        },
      ]
    }),
  )
  return { ...build, routes } as ServerBuild
}

export function remixHandler(options: {
  /** The build to serve a request with: under `npm run dev` it changes while the server runs. */
  build: () => ServerBuild
  mode: 'development' | 'production'
  deadlineMs: number
  /** The forum's public address: requests are seen as made to it, whatever Host a proxy passed on. */
  publicUrl?: string
  getLoadContext: (req: Request, res: Response) => AppLoadContext
}) {
  let served: { build: ServerBuild; handle: ReturnType<typeof createRequestHandler> } | undefined
  const handlerFor = (build: ServerBuild) => {
    if (served?.build !== build) served = { build, handle: createRequestHandler(guardBuild(build, options.deadlineMs), options.mode) }
    return served.handle
  }
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const controller = new AbortController()
      // Aborted when the response ends, finished or not: Remix keeps a timer (and the page's data) until its request's signal says so.
      res.on('close', () => controller.abort(RESPONSE_ENDED))
      const origin = options.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`
      const url = new URL(`${origin}${req.originalUrl}`)
      const headers = requestHeaders(req)
      // sameOriginWrites accepted a write from elsewhere (one-click unsubscribe): Remix's own check would refuse it.
      if (res.locals.crossOriginAccepted) headers.delete('origin')
      if (options.publicUrl) {
        // sameOriginWrites already held Origin to PUBLIC_URL; Remix's own check compares it with Host.
        headers.set('host', url.host)
        headers.delete('x-forwarded-host')
      }
      const body = Buffer.isBuffer(req.body) ? (req.body as Buffer) : undefined
      const request = new Request(url.href, {
        method: req.method,
        headers,
        signal: controller.signal,
        ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body: Uint8Array.from(body) } : {}),
      })
      const handle = handlerFor(options.build())
      await sendResponse(res, await handle(request, options.getLoadContext(req, res)))
    } catch (error) {
      next(error)
    }
  }
}

function requestHeaders(req: Request): Headers {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(key, item)
    else if (value !== undefined) headers.set(key, value)
  }
  return headers
}

async function sendResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [key, value] of response.headers.entries()) res.append(key, value)
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}
