import type { Request, Response } from 'express'

import type { Sql } from '../db/client'
import { listConsumerStatus, type ConsumerStatus } from '../db/queries/consumers'
import type { SearchEngine } from '../search/port'
import type { UploadStore } from '../uploads/port'
import type { LiveServer } from './live'
import type { AdapterKind } from './live-adapter'
import { withDeadline } from './remix-handler'

/**
 * JSON for load balancers and operators: 200 when the forum can serve, 503
 * when its database is away or does not answer within `deadlineMs`.
 */
export function healthHandler(
  sql: Sql,
  io: LiveServer,
  adapter: AdapterKind,
  search: SearchEngine,
  uploads: UploadStore,
  embedded: boolean,
  deadlineMs: number,
) {
  return async (_req: Request, res: Response) => {
    const started = performance.now()
    let database: { ok: boolean; embedded: boolean; latencyMs?: number; error?: string }
    let consumers: ConsumerStatus[] = []
    try {
      await withDeadline(sql`select 1`.execute(), deadlineMs)
      database = { ok: true, embedded, latencyMs: Math.round((performance.now() - started) * 10) / 10 }
      consumers = await withDeadline(listConsumerStatus(sql), deadlineMs)
    } catch (error) {
      database = { ok: false, embedded, error: (error as Error).message }
    }
    const stuck = consumers.filter((c) => c.stuckEventId !== null)
    const engine = await withDeadline(search.health(), deadlineMs).catch((error: Error) => ({ ok: false, detail: error.message }))
    const indexer = consumers.find((c) => c.name === 'search')
    // A store that is away breaks images and attachments, not pages: it is reported, not failed on.
    const store = await withDeadline(uploads.ping(), deadlineMs).then(
      () => ({ ok: true }),
      (error: Error) => ({ ok: false, error: error.message }),
    )
    res
      .status(database.ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        // A stuck consumer does not stop pages being served, so it degrades rather than fails the check.
        status: !database.ok ? 'unavailable' : stuck.length ? 'degraded' : 'ok',
        database,
        outbox: {
          stuck: stuck.length,
          consumers: consumers.map((c) => ({
            name: c.name,
            lagEvents: c.lagEvents,
            lagSeconds: Math.round(c.lagSeconds),
            failures: c.failures,
            ...(c.stuckEventId === null ? {} : { stuckEventId: Number(c.stuckEventId), stuckSince: c.stuckSince, error: c.lastError }),
          })),
        },
        // Search answers from its engine; the indexer's lag says how far behind the forum the index is.
        search: {
          engine: search.name,
          ...engine,
          ...(indexer ? { indexerLagEvents: indexer.lagEvents, indexerLagSeconds: Math.round(indexer.lagSeconds) } : {}),
        },
        uploads: { store: uploads.kind, ...store },
        // Connections are this process's own; the adapter says how processes reach each other's sockets.
        live: { connections: io.engine.clientsCount, adapter },
        uptimeSeconds: Math.round(process.uptime()),
      })
  }
}
