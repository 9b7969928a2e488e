import cluster, { type Worker } from 'node:cluster'
import { createServer, type Server as HttpServer } from 'node:http'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { setupMaster, setupWorker } from '@socket.io/sticky'

import type { Env } from './env'
import type { LiveServer } from './live'

/*
 * `npm start` on a PostgreSQL server runs one worker process per core. The
 * primary owns the port and hands each connection to a worker
 * (@socket.io/sticky): a Socket.IO session's long-polling requests carry its
 * id, and must reach the worker that holds it. Workers reach each other's
 * sockets through the live adapter, and hear outbox events from the database.
 */

const READY = 'forum:ready'

/** A worker died before serving: it has logged its reason, so the primary only says it stopped. */
export class WorkerStartError extends Error {}

/** Worker processes to run: one on the embedded database, whose data folder allows one; else WEB_CONCURRENCY or one per core. */
export function clusterSize(env: Env, log: (line: string) => void): number {
  if (!env.DATABASE_URL) {
    if ((env.WEB_CONCURRENCY ?? 1) > 1)
      log('WEB_CONCURRENCY is ignored on the embedded database (one process per data folder); set DATABASE_URL to run several')
    return 1
  }
  return env.WEB_CONCURRENCY ?? availableParallelism()
}

/** Each worker serves a share of the requests, so the database connections are shared out too. */
export const workerPoolSize = (size: number) => Math.max(4, Math.ceil(20 / size))

/** In a worker, in place of listening: the primary passes connections over IPC. */
export function serveFromPrimary(_httpServer: HttpServer, io: LiveServer) {
  setupWorker(io)
}

/** In a worker, once it serves: the primary sends it connections from then on. */
export function reportReady() {
  process.send?.({ type: READY })
}

/** How long to wait before starting a worker again: at once for a rare death, backing off when they die in a loop. */
function restartDelay(recentExits: number) {
  return recentExits <= 1 ? 0 : Math.min(30_000, 1_000 * 2 ** (recentExits - 2))
}

/**
 * Runs the primary: forks the workers, listens once they all serve, starts
 * a worker again when one dies, and on SIGTERM or SIGINT stops taking
 * connections and lets every worker run its own graceful shutdown.
 * Migrations have run before this, once.
 */
export async function runPrimary(env: Env, size: number, log: (line: string) => void): Promise<{ url: string }> {
  // Buffers (the first chunk of each connection) must cross IPC as Buffers, not JSON.
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./run.ts', import.meta.url)), serialization: 'advanced' })
  const httpServer = createServer()
  setupMaster(httpServer, { loadBalancingMethod: 'least-connection' })

  let stopping = false
  let exits: number[] = []
  const restarts = new Set<NodeJS.Timeout>()

  // A worker that is still starting has no handler for connections yet; it
  // counts as full until it reports ready, so least-connection passes it by.
  const fork = () => {
    const worker = cluster.fork() as Worker & { clientsCount?: number }
    worker.clientsCount = Infinity
    return new Promise<Worker>((resolve) => {
      worker.on('message', (message: { type?: string }) => {
        if (message?.type !== READY) return
        worker.clientsCount = 0
        resolve(worker)
      })
    })
  }

  let starting = true
  cluster.on('exit', (worker, code, signal) => {
    if (stopping || starting) return
    const now = Date.now()
    exits = [...exits.filter((t) => now - t < 60_000), now]
    const delay = restartDelay(exits.length)
    log(
      `worker ${worker.id} (pid ${worker.process.pid}) exited with ${signal ?? `code ${code}`}; starting another${delay ? ` in ${delay / 1000} s` : ''}`,
    )
    const timer = setTimeout(() => {
      restarts.delete(timer)
      if (!stopping) void fork()
    }, delay)
    restarts.add(timer)
  })

  // Listening only once every worker serves, so no connection waits on one that is still starting.
  // A worker that fails to start says why itself; the others would fail the same way.
  await new Promise<void>((resolve, reject) => {
    const failed = (worker: Worker, code: number | null) => {
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM')
      reject(new WorkerStartError(`A worker process exited with code ${code} while starting; the forum did not start.`))
    }
    cluster.once('exit', failed)
    void Promise.all(Array.from({ length: size }, fork)).then(() => {
      cluster.off('exit', failed)
      starting = false
      resolve()
    })
  })
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(env.PORT, env.HOST, () => resolve())
  })
  const address = httpServer.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT

  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: shutting down ${Object.keys(cluster.workers ?? {}).length} workers`)
    for (const timer of restarts) clearTimeout(timer)
    httpServer.close()
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w))
    // Each worker stops in its own order (HTTP, sockets, consumers, pool); a worker's own limit is 20 s.
    const exited = workers.map((worker) => new Promise<boolean>((resolve) => worker.process.once('exit', (code) => resolve(code === 0))))
    for (const worker of workers) worker.process.kill('SIGTERM')
    const force = setTimeout(() => {
      log('workers took too long to stop; exiting')
      for (const worker of workers) worker.process.kill('SIGKILL')
      process.exit(1)
    }, 25_000)
    force.unref()
    const clean = (await Promise.all(exited)).every(Boolean)
    httpServer.closeAllConnections()
    log('stopped')
    process.exit(clean ? 0 : 1)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
  return { url: `http://localhost:${port}` }
}
