import type { ForumEvent } from '../app/domain/events'
import type { Db, Sql } from '../db/client'
import * as q from '../db/queries/consumers'

/*
 * Outbox consumers: work that must happen once per event, whatever the
 * number of processes (indexing for search, notifications, rollups).
 *
 * Each consumer keeps its position in `outbox_consumers`. A process takes a
 * consumer's turn with FOR UPDATE SKIP LOCKED on that row, reads the next
 * batch, runs the handler and moves the position, all in one transaction:
 * the handler's own database writes commit with the move, or neither does.
 * Handlers with outside effects (a search engine, mail) must be idempotent,
 * since a batch whose commit failed is handled again.
 *
 * Events are read in (txid, id) order, and only those written by a
 * transaction older than every transaction still running. Ids are handed out
 * before commit, so event 10 may commit after event 11; a position kept as
 * "last id" would pass 10 for good. A transaction that is still running has
 * a txid at least the bound, and later ones higher still, so nothing can
 * appear behind a consumer's position. The bound is the server's: a long
 * transaction in any database on it delays consumers (never loses events),
 * which the statement timeout keeps short for the forum's own.
 */

export type OutboxEvent = ForumEvent & { id: number; at: Date }

export interface Consumer {
  name: string
  /** Where this consumer starts the first time it runs against a database. */
  startFrom: 'now' | 'oldest'
  /** Events per transaction; with `takes`, the events it takes. */
  batchSize?: number
  /**
   * The events that are this consumer's work, when that is only some: the
   * others are passed over in the same transaction, so a consumer that
   * handles one event per transaction (mail) does not spend one on each
   * event it ignores.
   */
  takes?: (event: OutboxEvent) => boolean
  /** Handles events in order; database writes go through `tx`, so they commit with the position. */
  handle: (tx: Db, events: OutboxEvent[]) => Promise<void>
}

export interface ConsumerOptions {
  log?: (line: string) => void
  /** How often every consumer looks for events a missed notification did not announce. */
  sweepMs?: number
  /** First retry delay after a failure; it doubles with each failure up to `maxRetryMs`. */
  retryMs?: number
  maxRetryMs?: number
  /** Failures on one event before it is reported stuck (the consumer keeps retrying it). */
  stuckAfter?: number
  /** Hours events are kept after every consumer has passed them; null: never prune here. */
  retentionHours?: () => Promise<number | null> | number | null
  pruneEveryMs?: number
  /** How long a wake waits for more events to arrive, so a burst is handled in one batch. */
  wakeDelayMs?: number
}

/** The connection or the server went away (class 08, the 57P0x shutdowns, or the driver's own codes); a cancelled statement is a failure like any other. */
function connectionLost(error: unknown) {
  const code = String((error as { code?: unknown })?.code ?? '')
  return code.startsWith('08') || code.startsWith('57P0') || code.startsWith('CONNECTION_')
}

/** How many events a consumer with `takes` reads at once, to pass over those it does not take. */
const PASS_OVER = 500

function toEvent(row: q.OutboxRow): OutboxEvent {
  // The outbox holds only what recordEvent wrote: the type names the payload.
  return { ...row.payload, type: row.type, id: Number(row.id), at: row.createdAt } as OutboxEvent
}

/**
 * Handles one batch for a consumer if it is this process's turn. Returns how
 * many events it handled, or null when the turn is elsewhere, a retry is not
 * due yet, or the batch failed.
 */
export async function runBatch(sql: Sql, consumer: Consumer, options: ConsumerOptions = {}): Promise<number | null> {
  const { retryMs = 1_000, maxRetryMs = 60_000, stuckAfter = 5 } = options
  return sql.begin(async (tx) => {
    const bound = await q.findSettledBound(tx)
    const cursor = await q.claimConsumer(tx, consumer.name)
    if (!cursor) return null
    // After a failure, one event at a time: the one that fails is then known exactly.
    const size = consumer.batchSize ?? 100
    const limit = cursor.failures > 0 ? 1 : consumer.takes ? Math.max(size, PASS_OVER) : size
    let rows: q.OutboxRow[] = await q.listEventsAfter(tx, cursor, bound, limit)
    if (!rows.length) return 0
    let events = rows.map(toEvent)
    if (consumer.takes && cursor.failures === 0) {
      // Up to and including its `size`-th event to take; everything before it is passed over.
      let taken = 0
      const end = events.findIndex((event) => consumer.takes!(event) && ++taken === size)
      if (end >= 0) {
        rows = rows.slice(0, end + 1)
        events = events.slice(0, end + 1)
      }
    }
    try {
      await tx.savepoint((sp) => consumer.handle(sp, events))
    } catch (error) {
      // Without a connection there is no transaction to record the failure in; the batch is simply not done.
      if (connectionLost(error)) throw error
      const failures = cursor.failures + 1
      const message = error instanceof Error ? error.message : String(error)
      await q.recordConsumerFailure(tx, consumer.name, {
        error: message.slice(0, 2_000),
        retryInMs: Math.min(maxRetryMs, retryMs * 2 ** (failures - 1)),
        stuckEventId: failures >= stuckAfter ? Number(rows[0].id) : null,
      })
      options.log?.(`consumer ${consumer.name}: event ${rows[0].id} failed (${failures}×): ${message}`)
      return null
    }
    const last = rows[rows.length - 1]
    await q.advanceConsumer(tx, consumer.name, { txid: last.txid, id: Number(last.id) })
    return rows.length
  })
}

/**
 * Runs consumers in this process: at once when woken (an outbox
 * notification), every `sweepMs` anyway, and after a failure when its retry
 * is due. Several processes may run the same consumers; each batch is handled
 * by one of them.
 */
export async function startConsumers(sql: Sql, consumers: Consumer[], options: ConsumerOptions = {}) {
  const { sweepMs = 3_000, pruneEveryMs = 10 * 60_000, wakeDelayMs = 20 } = options
  for (const consumer of consumers) await q.ensureConsumer(sql, consumer.name, consumer.startFrom)
  const state = new Map(consumers.map((c) => [c.name, { running: null as Promise<void> | null, again: false }]))
  let stopped = false

  async function drain(consumer: Consumer) {
    for (;;) {
      if (stopped) return
      let handled: number | null
      try {
        handled = await runBatch(sql, consumer, options)
      } catch (error) {
        // The database is away or the pool closing: the sweep tries again.
        options.log?.(`consumer ${consumer.name}: ${(error as Error).message}`)
        return
      }
      if (!handled) return
    }
  }

  function wake(consumer: Consumer) {
    const s = state.get(consumer.name)!
    if (s.running) {
      s.again = true
      return s.running
    }
    s.running = (async () => {
      do {
        s.again = false
        await drain(consumer)
      } while (s.again && !stopped)
      s.running = null
    })()
    return s.running
  }

  const wakeAll = () => Promise.all(consumers.map(wake)).then(() => undefined)

  async function prune() {
    const hours = await options.retentionHours?.()
    if (hours === null || hours === undefined) return 0
    try {
      return await q.pruneOutbox(sql, hours)
    } catch (error) {
      options.log?.(`outbox pruning failed: ${(error as Error).message}`)
      return 0
    }
  }

  const sweep = setInterval(() => void wakeAll(), sweepMs)
  const pruning = setInterval(() => void prune(), pruneEveryMs)
  sweep.unref()
  pruning.unref()
  if (consumers.length) options.log?.(`outbox consumers: ${consumers.map((c) => c.name).join(', ')}`)
  void wakeAll()

  // A burst of events (a reply telling twenty watchers writes twenty) wakes
  // the consumers once: each then handles the burst in one batch, not one
  // transaction per event.
  let wakeTimer: NodeJS.Timeout | null = null
  const wakeSoon = () => {
    wakeTimer ??= setTimeout(() => {
      wakeTimer = null
      void wakeAll()
    }, wakeDelayMs)
  }

  return {
    /** Called on every outbox notification. */
    wake: wakeSoon,
    /** Drains every consumer now (tests, the CLI). */
    drain: wakeAll,
    prune,
    stop: async () => {
      stopped = true
      if (wakeTimer) clearTimeout(wakeTimer)
      clearInterval(sweep)
      clearInterval(pruning)
      await Promise.all([...state.values()].map((s) => s.running))
    },
  }
}
