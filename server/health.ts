import type { Request, Response } from 'express'
import type { Sql } from '../db/client'
import type { LiveServer } from './live'
import { withDeadline } from './remix-handler'

/**
 * JSON for load balancers and operators: 200 when the forum can serve, 503
 * when its database is away or does not answer within `deadlineMs`.
 */
export function healthHandler(sql: Sql, io: LiveServer, embedded: boolean, deadlineMs: number) {
  return async (_req: Request, res: Response) => {
    const started = performance.now()
    let database: { ok: boolean; embedded: boolean; latencyMs?: number; error?: string }
    try {
      await withDeadline(sql`select 1`.execute(), deadlineMs)
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
        live: { connections: io.engine.clientsCount },
        uptimeSeconds: Math.round(process.uptime()),
      })
  }
}
