import type { Db } from '../client'

/**
 * Appends an event to the outbox in the caller's transaction; a trigger
 * notifies listening processes, which PostgreSQL delivers only after commit.
 * The domain's event map (recordEvent) decides what is written.
 */
export async function appendToOutbox(sql: Db, type: string, payload: Record<string, unknown>): Promise<void> {
  await sql`insert into outbox (type, payload) values (${type}, ${sql.json(payload as never)})`
}

/**
 * A mark of what a page read: the database snapshot its data came from, as
 * text. An event is in the page exactly when its transaction is visible in
 * that snapshot.
 */
export async function readLiveMark(sql: Db): Promise<string> {
  const [row] = await sql<{ mark: string }[]>`select pg_current_snapshot()::text as mark`
  return row.mark
}

/**
 * Events a snapshot did not see, oldest first, at most `limit`. The range
 * starts at the snapshot's oldest running transaction, on the outbox's
 * consumer index (txid, id).
 */
export async function listEventsAfterMark(
  sql: Db,
  mark: string,
  limit: number,
): Promise<{ id: number; type: string; payload: Record<string, unknown> }[]> {
  return sql`
    select id, type, payload from outbox
    where txid >= pg_snapshot_xmin(${mark}::pg_snapshot)
      and not pg_visible_in_snapshot(txid, ${mark}::pg_snapshot)
    order by txid, id
    limit ${limit}`
}
