import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

import type { Env } from './env'

/*
 * `npm start` on a PostgreSQL server runs one worker process per core, all
 * listening on the one port: Node's cluster hands each new connection to the
 * next worker, and the connection stays there. A live socket is one
 * WebSocket connection (the forum's pages never long-poll), so it needs no
 * sticky routing; workers reach each other's sockets through the live
 * adapter and hear outbox events from the database.
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

/** In a worker, once it listens: the primary counts it as started. */
export function reportReady(url: string) {
  process.send?.({ type: READY, url })
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
export async function runPrimary(size: number, log: (line: string) => void): Promise<{ url: string }> {
  // Beside this module: run.ts in the sources (under tsx), run.mjs in the built server.
  const run = import.meta.url.endsWith('.ts') ? './run.ts' : './run.mjs'
  cluster.setupPrimary({ exec: fileURLToPath(new URL(run, import.meta.url)) })

  let stopping = false
  let exits: number[] = []
  const restarts = new Set<NodeJS.Timeout>()

  const fork = () => {
    const worker = cluster.fork()
    return new Promise<string>((resolve) => {
      worker.on('message', (message: { type?: string; url?: string }) => {
        if (message?.type === READY) resolve(message.url ?? '')
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

  // A worker that fails to start says why itself; the others would fail the same way.
  const urls = await new Promise<string[]>((resolve, reject) => {
    const failed = (_worker: Worker, code: number | null) => {
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM')
      reject(new WorkerStartError(`A worker process exited with code ${code} while starting; the forum did not start.`))
    }
    cluster.once('exit', failed)
    void Promise.all(Array.from({ length: size }, fork)).then((started) => {
      cluster.off('exit', failed)
      starting = false
      resolve(started)
    })
  })

  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: shutting down ${Object.keys(cluster.workers ?? {}).length} workers`)
    for (const timer of restarts) clearTimeout(timer)
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
    log('stopped')
    process.exit(clean ? 0 : 1)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
  return { url: urls[0] }
}
