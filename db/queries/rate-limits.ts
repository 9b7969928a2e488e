import type { Db } from '../client'

/** A key's points in its current window, and the seconds until that window ends. */
export interface Counter {
  points: number
  secondsLeft: number
}

/**
 * Adds points to a key in its window, starting a new window when the last
 * has ended. One statement under the row's lock: concurrent callers in any
 * process add up.
 */
export async function addPoints(sql: Db, key: string, points: number, windowSeconds: number): Promise<Counter> {
  const [row] = await sql<Counter[]>`
    insert into rate_limits as r (key, points, resets_at)
    values (${key}, ${points}, clock_timestamp() + make_interval(secs => ${windowSeconds}))
    on conflict (key) do update set
      points = case when r.resets_at <= clock_timestamp() then excluded.points else r.points + excluded.points end,
      resets_at = case when r.resets_at <= clock_timestamp() then excluded.resets_at else r.resets_at end
    returning points, greatest(1, ceil(extract(epoch from resets_at - clock_timestamp())))::int as seconds_left`
  return row
}

/** The counters of these keys whose window has not ended; a key with none is missing. */
export async function readCounters(sql: Db, keys: string[]): Promise<Map<string, Counter>> {
  if (keys.length === 0) return new Map()
  const rows = await sql<(Counter & { key: string })[]>`
    select key, points, greatest(1, ceil(extract(epoch from resets_at - clock_timestamp())))::int as seconds_left
    from rate_limits where key in ${sql(keys)} and resets_at > clock_timestamp()`
  return new Map(rows.map(({ key, points, secondsLeft }) => [key, { points, secondsLeft }]))
}

export async function deleteCounter(sql: Db, key: string): Promise<void> {
  await sql`delete from rate_limits where key = ${key}`
}

/** Housekeeping: a counter whose window has ended counts as nothing, so its row can go. */
export async function deleteEndedCounters(sql: Db): Promise<number> {
  const result = await sql`delete from rate_limits where resets_at <= clock_timestamp()`
  return result.count
}
