import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter'
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter'
import pg from 'pg'
import { createClient } from 'redis'

import type { Env } from './env'
import type { LiveServer } from './live'

export type AdapterKind = 'memory' | 'postgres' | 'redis'

export interface LiveAdapter {
  kind: AdapterKind
  /** Releases the adapter's own connections; call after `io.close()`, which closes the adapter itself. */
  close: () => Promise<void>
}

/** Redis named by REDIS_URL could not be reached at start: the operator fixes it from the message. */
export class LiveAdapterError extends Error {}

/**
 * Lets the Socket.IO servers of several processes reach each other's sockets,
 * for what starts on a socket (typing, presence): Redis when REDIS_URL is
 * set, otherwise the PostgreSQL server the forum already uses. The embedded
 * database allows one process, so the in-memory adapter is all it needs.
 * Outbox events do not go through here: every process hears them from the
 * database and emits them to its own sockets.
 */
export async function attachAdapter(
  io: LiveServer,
  env: Partial<Pick<Env, 'REDIS_URL' | 'DATABASE_URL'>>,
  embedded: boolean,
  log: (line: string) => void,
): Promise<LiveAdapter> {
  if (env.REDIS_URL) return attachRedis(io, env.REDIS_URL, forumScope(env.DATABASE_URL), log)
  if (env.DATABASE_URL && !embedded) return attachPostgres(io, env.DATABASE_URL, log)
  return { kind: 'memory', close: async () => {} }
}

/** One line per kind of trouble and half-minute: a server that is away would otherwise fill the log. */
function quietLog(log: (line: string) => void) {
  let last = 0
  return (line: string) => {
    if (Date.now() - last < 30_000) return
    last = Date.now()
    log(line)
  }
}

/**
 * Names this forum among others that share a Redis (staging beside
 * production, or test servers side by side): its database, without
 * credentials. Forums on different databases must not see each other's
 * rooms, or a thread's reader count would add up readers of another forum's
 * thread with the same id.
 */
export function forumScope(databaseUrl: string | undefined): string {
  if (!databaseUrl) return 'embedded'
  const url = new URL(databaseUrl)
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`
}

async function attachRedis(io: LiveServer, url: string, scope: string, log: (line: string) => void): Promise<LiveAdapter> {
  const warn = quietLog(log)
  let connected = false
  const pub = createClient({
    url,
    socket: {
      // At start a wrong address should stop the forum with a message; once up, ride out a Redis restart.
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** retries, 5_000) : retries < 5 ? 500 : cause),
    },
  })
  const sub = pub.duplicate()
  // An unhandled 'error' event would end the process; the client reconnects by itself.
  for (const client of [pub, sub]) client.on('error', (error: Error) => warn(`live adapter (redis): ${error.message}`))
  try {
    await Promise.all([pub.connect(), sub.connect()])
  } catch (error) {
    pub.destroy()
    sub.destroy()
    throw error instanceof LiveAdapterError
      ? error
      : new LiveAdapterError(`Could not reach Redis at REDIS_URL: ${(error as Error).message}`)
  }
  connected = true
  io.adapter(createRedisAdapter(pub, sub, { key: `socket.io#${scope}` }))
  log('live events between processes: Redis')
  return {
    kind: 'redis',
    close: async () => {
      await Promise.allSettled([pub.close(), sub.close()])
    },
  }
}

function attachPostgres(io: LiveServer, url: string, log: (line: string) => void): LiveAdapter {
  const warn = quietLog(log)
  let closing = false
  const report = (error: Error) => {
    if (!closing) warn(`live adapter (postgres): ${error.message}`)
  }
  // A pool of its own: the adapter holds one connection for LISTEN and
  // publishes on another, which the forum's postgres.js pool cannot lend it.
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', report)
  // The adapter keeps its LISTEN connection checked out, where the pool no
  // longer catches that connection's errors: a database restart would end the
  // process. The adapter reconnects by itself once the connection has ended.
  pool.on('connect', (client) => client.on('error', report))
  io.adapter(createPostgresAdapter(pool, { errorHandler: report }))
  log('live events between processes: PostgreSQL')
  return {
    kind: 'postgres',
    close: async () => {
      closing = true
      await pool.end().catch(() => {})
    },
  }
}
