import { deleteEndedLimits } from '../app/domain/limits/limits.server'
import { runDigests } from '../app/domain/mail/digests.server'
import { pruneSearchLog } from '../app/domain/search/search.server'
import { deleteUnreferencedUploads } from '../app/domain/uploads/uploads.server'
import type { Sql } from '../db/client'
import { deleteExpiredArchives } from '../db/queries/account-archives'
import { deleteExpiredSessions } from '../db/queries/sessions'
import type { UploadStore } from '../uploads/port'

const HOUR = 60 * 60 * 1000
/** Digests are due a day after the last one; looking every ten minutes sends each within ten minutes of its time. */
const DIGEST_EVERY_MS = 10 * 60 * 1000

/**
 * Housekeeping every process may do (each statement is idempotent): expired
 * sessions, rate-limit counters whose window has ended, and searches
 * older than the retention setting are deleted, and so are uploads nothing
 * has referred to for a day (with `uploads`, their store) and members'
 * archives past their week. Daily digests are
 * queued too (safe with several processes: each member's is taken by one).
 * `now` is the clock digests are due by.
 */
export function startMaintenance(
  sql: Sql,
  log: (line: string) => void,
  { now = () => new Date(), uploads }: { now?: () => Date; uploads?: UploadStore } = {},
) {
  const run = () =>
    Promise.all([
      deleteExpiredSessions(sql),
      deleteEndedLimits(sql),
      pruneSearchLog(sql),
      uploads ? deleteUnreferencedUploads(sql, uploads, now()) : 0,
      deleteExpiredArchives(sql, now()),
    ]).catch((error: Error) => log(`housekeeping failed: ${error.message}`))
  const digests = () => runDigests(sql, now()).catch((error: Error) => log(`queueing digests failed: ${error.message}`))
  const first = setTimeout(run, 60_000)
  const every = setInterval(run, HOUR)
  const digestTimer = setInterval(digests, DIGEST_EVERY_MS)
  first.unref()
  every.unref()
  digestTimer.unref()
  return {
    run,
    digests,
    stop: () => {
      clearTimeout(first)
      clearInterval(every)
      clearInterval(digestTimer)
    },
  }
}
