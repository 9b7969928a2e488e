import { createServer, type IncomingMessage } from 'node:http'
import path from 'node:path'
import compression from 'compression'
import express from 'express'
import morgan from 'morgan'

import type { AppContext } from '../app/context'
import { changesPublicPages } from '../app/domain/events'
import { visitorPageVersion } from '../app/domain/pages/versions.server'
import type { Identity } from '../app/domain/settings/identity'
import { loadIdentity } from '../app/domain/settings/identity.server'
import { getSettings } from '../app/domain/settings/settings.server'
import { createMailTransport, mailFrom, mailHost } from '../mail'
import { createSearchEngine } from '../search'
import { createUploadStore } from '../uploads'
import { forumConsumers } from './consumer-list'
import { startConsumers } from './consumers'
import type { Database } from './database'
import { startDispatcher } from './dispatch'
import type { Env } from './env'
import { healthHandler } from './health'
import { attachLive } from './live'
import { attachAdapter } from './live-adapter'
import { startMaintenance } from './maintenance'
import { createPageCache } from './page-cache'
import { loadBuild } from './remix-build'
import { remixHandler } from './remix-handler'
import { readFormBody, rejectOddUrls } from './request-guard'
import { rerenderIfStale } from './rerender'
import { addressLimits, errorPage, nonce, sameOriginWrites, securityHeaders } from './security'
import { serveUploads } from './uploads-http'

export interface ForumServer {
  url: string
  /** Stops accepting HTTP, closes sockets, stops the dispatcher; the caller closes the database. */
  close: () => Promise<void>
}

const root = process.cwd()

export async function startHttp(env: Env, db: Database, log: (line: string) => void): Promise<ForumServer> {
  const development = env.NODE_ENV === 'development'
  // Under `npm run dev` an edit is served by the running process; pages kept from the old build go.
  const build = await loadBuild({ live: development, onReload: () => pageCache.clear(), log })
  const pageCache = createPageCache({
    seconds: env.PAGE_CACHE_SECONDS,
    version: (path) => visitorPageVersion(db.sql, path),
    build: () => build.current().assets.version,
    versionTimeoutMs: Math.min(500, env.QUERY_TIMEOUT_SECONDS * 1000),
  })
  const app = express()
  app.disable('x-powered-by')
  // Only the configured proxies may name the client; see TRUST_PROXY.
  if (env.TRUST_PROXY !== false) app.set('trust proxy', env.TRUST_PROXY)
  const publicUrl = env.PUBLIC_URL?.replace(/\/$/, '')
  const publicIsHttps = publicUrl?.startsWith('https://') ?? false
  const queryTimeoutMs = env.QUERY_TIMEOUT_SECONDS * 1000
  // The admin's list of image hosts, for the CSP, and the identity every page shows; refreshed when any process changes a setting.
  const initial = await getSettings(db.sql)
  let imageHosts: readonly string[] = initial.imageHosts
  let searchLanguage: string = initial.searchLanguage
  let uploadMaxBytes = initial.uploadMaxMegabytes * 1024 * 1024
  let identity: Identity = await loadIdentity(db.sql)
  const refreshSettings = () =>
    Promise.all([getSettings(db.sql), loadIdentity(db.sql)]).then(
      ([settings, read]) => {
        imageHosts = settings.imageHosts
        searchLanguage = settings.searchLanguage
        uploadMaxBytes = settings.uploadMaxMegabytes * 1024 * 1024
        identity = read
      },
      () => {},
    )
  const search = createSearchEngine(env, { language: () => searchLanguage })
  await search.setup()
  const mail = createMailTransport(env, log)
  const uploadStore = createUploadStore(env, db.sql)
  const uploads = serveUploads(db.sql, uploadStore)
  // Links in mail need an absolute address: PUBLIC_URL, or this server's once it listens.
  let listeningUrl = `http://localhost:${env.PORT}`

  if (env.LOG_REQUESTS === 'on') {
    app.use(morgan(':method :url :status :response-time[0]ms :res[content-length]b', { skip: (req) => req.url === '/healthz' }))
  }
  // Uploads first: the hottest small responses, with headers of their own (see uploads-http).
  app.use(uploads.handler)
  app.use(compression())
  app.use(nonce)
  app.use(securityHeaders(env, () => imageHosts))
  app.use(rejectOddUrls)
  app.get('/healthz', (req, res, next) => void health(req, res).catch(next))
  app.use('/build', express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }))
  // A missing asset is a plain 404, not a page rendered by Remix.
  app.use('/build', (_req, res) => void res.status(404).end())
  // Files in public/ sit at the top (favicon.svg): only such a path asks the disk, not every page's.
  const staticFiles = express.static(path.join(root, 'public'), { maxAge: '1h', index: false })
  app.use((req, res, next) => (/^\/[^/]+\.[a-z0-9]+$/i.test(req.path) ? staticFiles(req, res, next) : next()))
  app.use(sameOriginWrites(env))
  app.use(addressLimits(db.sql, env))
  app.use(readFormBody(() => uploadMaxBytes))
  app.use(pageCache.middleware)
  app.all(
    '*',
    remixHandler({
      build: build.current,
      mode: development ? 'development' : 'production',
      // Loaders and actions wait on the database; past this a reader gets a 503 page, not a hung tab.
      deadlineMs: queryTimeoutMs + 1_000,
      publicUrl,
      getLoadContext: (req, res): AppContext => ({
        sql: db.sql,
        search,
        uploads: uploadStore,
        mailCopies: mail,
        nonce: res.locals.nonce as string,
        // An https PUBLIC_URL means a proxy ends TLS: cookies are Secure though the hop to us is plain.
        secure: req.secure || publicIsHttps,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? '',
        rateLimits: env.RATE_LIMITS,
        publicUrl: publicUrl ?? `${req.protocol}://${req.get('host')}`,
        responseCookies: [],
        // A data request (single fetch's `.data` URLs) carries posts' HTML in its data; a page carries it in its markup.
        ...(req.path.endsWith('.data') ? {} : { shownHtml: new Map<number, string>() }),
        // Read when used: a page rendered after an admin's save in the same request shows the new identity.
        get identity() {
          return identity
        },
        reloadSettings: refreshSettings,
      }),
    }),
  )
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(error)
    if (!res.headersSent) errorPage(res, 500, 'Something went wrong', 'Please try again in a moment.')
  })

  const httpServer = createServer(app)
  const trusted = app.get('trust proxy fn') as (address: string, hop: number) => boolean
  const isSecure = (req: IncomingMessage) =>
    publicIsHttps ||
    Boolean((req.socket as { encrypted?: boolean }).encrypted) ||
    (trusted(req.socket.remoteAddress ?? '', 0) && req.headers['x-forwarded-proto'] === 'https')
  const io = attachLive(httpServer, {
    sql: db.sql,
    isSecure,
    allowOrigin: (req) => {
      const origin = req.headers.origin
      if (!origin) return true
      const expected = publicUrl ? new URL(publicUrl).origin : `${isSecure(req) ? 'https' : 'http'}://${req.headers.host}`
      return origin === expected
    },
  })
  // Several processes on one database reach each other's sockets through it (or Redis).
  const adapter = await attachAdapter(io, env, db.embedded, log)
  const health = healthHandler(db.sql, io, adapter.kind, search, uploadStore, db.embedded, Math.min(2_000, queryTimeoutMs))
  // Work done once per event, by whichever process takes its turn.
  const outbox = await startConsumers(
    db.sql,
    env.OUTBOX_CONSUMERS === 'on'
      ? forumConsumers(
          search,
          {
            transport: mail,
            publicUrl: () => publicUrl ?? listeningUrl,
            from: mailFrom(env),
            host: mailHost(env),
          },
          uploadStore,
        )
      : [],
    {
      log,
      retentionHours: async () => (await getSettings(db.sql)).outboxRetentionHours,
    },
  )
  // Work every process does for itself: its sockets, its page cache, its CSP.
  const dispatcher = await startDispatcher(db.sql, io, log, {
    onEvent: (type, event) => {
      outbox.wake()
      if (event.type === 'upload:removed') uploads.forget(event.hash)
      if (changesPublicPages(type)) pageCache.clear()
      if (type === 'settings:changed') {
        // Pages rendered before the identity was read again would keep the old one: drop them once it is.
        void refreshSettings().then(() => pageCache.clear())
        void rerenderIfStale(db.sql, log)
      }
    },
  })

  const maintenance = startMaintenance(db.sql, log, { uploads: uploadStore })

  // In a cluster every worker listens on the same port; Node shares it among them.
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(env.PORT, env.HOST, () => resolve())
  })
  if (development) await build.ready()
  const address = httpServer.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  const url = `http://localhost:${port}`
  listeningUrl = url

  return {
    url,
    close: async () => {
      build.close()
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      httpServer.closeIdleConnections()
      await io.close()
      await adapter.close()
      maintenance.stop()
      await dispatcher.stop()
      await outbox.stop()
      await search.close()
      await mail.close()
      await uploadStore.close()
      // Requests in flight get a moment to finish; then their connections go.
      const timeout = setTimeout(() => httpServer.closeAllConnections(), 5_000)
      await closed
      clearTimeout(timeout)
    },
  }
}
