import type { Db } from '../client'

/**
 * Appends an event to the outbox in the caller's transaction; a trigger
 * notifies listening processes, which PostgreSQL delivers only after commit.
 * The domain's event map (recordEvent) decides what is written.
 */
export async function appendToOutbox(sql: Db, type: string, payload: Record<string, unknown>): Promise<void> {
  await sql`insert into outbox (type, payload) values (${type}, ${sql.json(payload as never)})`
}
