import cluster from 'node:cluster'

import { seedDemo } from '../seeds/demo'
import { startHttp } from './app'
import { clusterSize, reportReady, runPrimary, workerPoolSize, WorkerStartError } from './cluster'
import { isSetupProblem, openDatabase, type Database } from './database'
import { ConfigError, readEnv } from './env'
import { LiveAdapterError } from './live-adapter'
import { rerenderIfStale } from './rerender'

// Workers name themselves, so a line in the shared log says which process wrote it.
const tag = cluster.isWorker ? `[forum ${cluster.worker!.id}]` : '[forum]'
const log = (line: string) => console.log(`${tag} ${line}`)

/**
 * Runs the forum until SIGTERM or SIGINT. With `cluster` (as `npm start`
 * asks) on a PostgreSQL server, this process becomes the primary of several
 * workers (see server/cluster.ts); each worker runs this function too.
 */
export async function main(options: { cluster?: boolean } = {}) {
  let db: Database | undefined
  try {
    const env = readEnv()
    const worker = cluster.isWorker
    const size = worker || options.cluster ? clusterSize(env, worker ? () => {} : log) : 1
    if (!worker && size > 1) {
      // Migrations run once, here, before any worker opens its pool.
      await (await openDatabase(env, { log, max: 1 })).close()
      const primary = await runPrimary(size, log)
      log(`ready on ${env.PUBLIC_URL ?? primary.url} (DATABASE_URL, ${size} worker processes)`)
      return
    }

    db = await openDatabase(env, {
      log,
      max: worker ? workerPoolSize(size) : 10,
      migrate: !worker,
      statementTimeoutMs: env.QUERY_TIMEOUT_SECONDS * 1000,
    })
    // Demo content goes only into the embedded database, on its first start.
    if (db.embedded && (await seedDemo(db.sql, log))) log('open the forum and sign in as alice, sam or priya to try it')
    const server = await startHttp(env, db, log)
    void rerenderIfStale(db.sql, log)
    if (worker) {
      log(`serving (pid ${process.pid})`)
      reportReady(server.url)
    } else {
      log(`ready on ${env.PUBLIC_URL ?? server.url} (${db.embedded ? `embedded PostgreSQL in ${env.DATA_DIR}` : 'DATABASE_URL'})`)
    }

    let stopping = false
    const shutdown = async (signal: string) => {
      if (stopping) return
      stopping = true
      log(`${signal}: shutting down`)
      const force = setTimeout(() => {
        log('shutdown took too long; exiting')
        process.exit(1)
      }, 20_000)
      force.unref()
      // The order matters: no new requests, then sockets, then workers, then the pool, then the embedded server.
      await server.close()
      await db?.close()
      log('stopped')
      process.exit(0)
    }
    process.on('SIGTERM', () => void shutdown('SIGTERM'))
    process.on('SIGINT', () => void shutdown('SIGINT'))
  } catch (error) {
    await db?.close().catch(() => {})
    // Problems an operator fixes from the message; anything else is a bug and keeps its stack.
    if (error instanceof ConfigError || error instanceof LiveAdapterError || error instanceof WorkerStartError || isSetupProblem(error)) {
      console.error(`\n${(error as Error).message}\n`)
      process.exit(1)
    }
    throw error
  }
}
