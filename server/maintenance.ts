import { deleteEndedLimits } from '../app/domain/limits/limits.server'
import { pruneSearchLog } from '../app/domain/search/search.server'
import type { Sql } from '../db/client'
import { deleteExpiredSessions } from '../db/queries/sessions'

const HOUR = 60 * 60 * 1000

/**
 * Housekeeping every process may do (each statement is idempotent): expired
 * sessions, rate-limit counters whose window has ended, and searches
 * older than the retention setting are deleted.
 */
export function startMaintenance(sql: Sql, log: (line: string) => void) {
  const run = () =>
    Promise.all([deleteExpiredSessions(sql), deleteEndedLimits(sql), pruneSearchLog(sql)]).catch((error: Error) =>
      log(`housekeeping failed: ${error.message}`),
    )
  const first = setTimeout(run, 60_000)
  const every = setInterval(run, HOUR)
  first.unref()
  every.unref()
  return {
    run,
    stop: () => {
      clearTimeout(first)
      clearInterval(every)
    },
  }
}
