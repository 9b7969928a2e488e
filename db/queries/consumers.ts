import type { Db } from '../client'

export interface ConsumerRow {
  name: string
  positionTxid: string
  positionId: number
  updatedAt: Date
  failures: number
  retryAt: Date | null
  lastError: string | null
  stuckEventId: number | null
  stuckSince: Date | null
}

export interface OutboxRow {
  id: number
  txid: string
  type: string
  payload: Record<string, unknown>
  createdAt: Date
}

/** Registers a consumer at the newest event (start from now) or before the oldest kept one. */
export async function ensureConsumer(sql: Db, name: string, startFrom: 'now' | 'oldest') {
  await sql`
    insert into outbox_consumers (name, position_txid, position_id)
    select ${name}, coalesce(last.txid, '0'::xid8), coalesce(last.id, 0)
    from (select 1) one
    left join lateral (select txid, id from outbox where ${startFrom === 'now'} order by txid desc, id desc limit 1) last on true
    on conflict (name) do nothing`
}

/**
 * The oldest transaction still running, as the first statement of a
 * transaction (so the caller's own is not among them): every event written
 * by an older transaction has committed or rolled back.
 */
export async function findSettledBound(sql: Db): Promise<string> {
  const [row] = await sql<{ bound: string }[]>`select pg_snapshot_xmin(pg_current_snapshot())::text as bound`
  return row.bound
}

/** Takes a consumer's turn if no other process holds it and no retry is pending. */
export async function claimConsumer(sql: Db, name: string): Promise<ConsumerRow | undefined> {
  const [row] = await sql<ConsumerRow[]>`
    select name, position_txid::text, position_id, updated_at, failures, retry_at, last_error, stuck_event_id, stuck_since
    from outbox_consumers where name = ${name} and (retry_at is null or retry_at <= now())
    for update skip locked`
  return row
}

export async function listEventsAfter(sql: Db, cursor: { positionTxid: string; positionId: number }, bound: string, limit: number) {
  return sql<OutboxRow[]>`
    select id, txid::text, type, payload, created_at from outbox
    where (txid, id) > (${cursor.positionTxid}::xid8, ${cursor.positionId}) and txid < ${bound}::xid8
    order by txid, id limit ${limit}`
}

export async function advanceConsumer(sql: Db, name: string, last: { txid: string; id: number }) {
  await sql`
    update outbox_consumers set position_txid = ${last.txid}::xid8, position_id = ${last.id}, updated_at = now(),
      failures = 0, retry_at = null, last_error = null, stuck_event_id = null, stuck_since = null
    where name = ${name}`
}

export async function recordConsumerFailure(
  sql: Db,
  name: string,
  failure: { error: string; retryInMs: number; stuckEventId: number | null },
) {
  await sql`
    update outbox_consumers set failures = failures + 1, last_error = ${failure.error},
      retry_at = now() + ${failure.retryInMs} * interval '1 millisecond',
      stuck_event_id = coalesce(stuck_event_id, ${failure.stuckEventId}::bigint),
      stuck_since = case when ${failure.stuckEventId}::bigint is null then stuck_since else coalesce(stuck_since, now()) end
    where name = ${name}`
}

/** Lets a consumer try its failing event again now, counting failures from zero. */
export async function releaseConsumer(sql: Db, name: string): Promise<boolean> {
  const rows = await sql`
    update outbox_consumers set failures = 0, retry_at = null, stuck_event_id = null, stuck_since = null
    where name = ${name} returning 1`
  return rows.length === 1
}

export interface ConsumerStatus {
  name: string
  lagEvents: number
  lagSeconds: number
  failures: number
  lastError: string | null
  stuckEventId: number | null
  stuckSince: Date | null
  updatedAt: Date
}

/** Every consumer's lag (events written after its position, and the age of the oldest) and trouble. */
export async function listConsumerStatus(sql: Db): Promise<ConsumerStatus[]> {
  return sql<ConsumerStatus[]>`
    select c.name, lag.events as lag_events, coalesce(extract(epoch from now() - lag.oldest), 0)::float8 as lag_seconds,
           c.failures, c.last_error, c.stuck_event_id, c.stuck_since, c.updated_at
    from outbox_consumers c
    cross join lateral (
      select count(*)::int as events, min(o.created_at) as oldest
      from outbox o where (o.txid, o.id) > (c.position_txid, c.position_id)
    ) lag
    order by c.name`
}

/**
 * Deletes events older than the retention that every consumer has passed;
 * whatever a lagging consumer has not handled stays.
 */
export async function pruneOutbox(sql: Db, retentionHours: number): Promise<number> {
  const rows = await sql`
    delete from outbox o
    where o.created_at < now() - ${retentionHours} * interval '1 hour'
      and not exists (
        select 1 from outbox_consumers c where (o.txid, o.id) > (c.position_txid, c.position_id)
      )
    returning 1`
  return rows.length
}
