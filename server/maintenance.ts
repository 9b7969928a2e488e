import { pruneSearchLog } from '../app/domain/search/search.server'
import type { Sql } from '../db/client'
import { deleteExpiredSessions } from '../db/queries/sessions'
import { deleteOldFailures } from '../db/queries/sign-ins'

const HOUR = 60 * 60 * 1000

/**
 * Housekeeping every process may do (each statement is idempotent): expired
 * sessions, sign-in failures older than any limit's window, and searches
 * older than the retention setting are deleted.
 */
export function startMaintenance(sql: Sql, log: (line: string) => void) {
  const run = () =>
    Promise.all([deleteExpiredSessions(sql), deleteOldFailures(sql, 24 * 60 * 60), pruneSearchLog(sql)]).catch((error: Error) =>
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
