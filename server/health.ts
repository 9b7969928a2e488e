import type { Request, Response } from 'express'
import type { Sql } from '../db/client'
import type { LiveServer } from './live'

/** JSON for load balancers and operators: 200 when the forum can serve, 503 when its database is away. */
export function healthHandler(sql: Sql, io: LiveServer, embedded: boolean) {
  return async (_req: Request, res: Response) => {
    const started = performance.now()
    let database: { ok: boolean; embedded: boolean; latencyMs?: number; error?: string }
    try {
      await sql`select 1`
      database = { ok: true, embedded, latencyMs: Math.round((performance.now() - started) * 10) / 10 }
    } catch (error) {
      database = { ok: false, embedded, error: (error as Error).message }
    }
    res
      .status(database.ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: database.ok ? 'ok' : 'unavailable',
        database,
        // Search runs on PostgreSQL full-text until Meilisearch is configured.
        search: { engine: 'postgres', ok: database.ok },
        live: { connections: io.engine.clientsCount },
        uptimeSeconds: Math.round(process.uptime()),
      })
  }
}
