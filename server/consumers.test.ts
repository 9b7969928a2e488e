import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'

import { recordEvent } from '../app/domain/events'
import { createSql, type Db, type Sql } from '../db/client'
import { ensureConsumer, listConsumerStatus, pruneOutbox } from '../db/queries/consumers'
import { setupTestDatabase } from '../tests/database'
import { runBatch, startConsumers, type Consumer, type OutboxEvent } from './consumers'

const db = setupTestDatabase()
const pools: Sql[] = []
const runners: { stop: () => Promise<void> }[] = []

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()))
  await Promise.all(pools.splice(0).map((p) => p.end({ timeout: 1 })))
})

let names = 0
const uniqueName = (label: string) => `${label}-${++names}`

/** A consumer that records what it handled in a table, in the same transaction as its position. */
async function recordingConsumer(label: string, extra: Partial<Consumer> = {}): Promise<Consumer & { table: string }> {
  const name = uniqueName(label)
  const table = `handled_${name.replace(/\W/g, '_')}`
  await db.sql`create table ${db.sql(table)} (seq bigint generated always as identity, event_id bigint not null, marker int not null)`
  return {
    name,
    table,
    startFrom: 'now',
    batchSize: 50,
    handle: async (tx: Db, events: OutboxEvent[]) => {
      for (const e of events)
        await tx`insert into ${tx(table)} (event_id, marker) values (${e.id}, ${e.type === 'thread:meToo' ? e.meTooCount : -1})`
    },
    ...extra,
  }
}

/** Events that carry a marker, so tests can tell which write they came from. */
const write = (sql: Db, marker: number) => recordEvent(sql, { type: 'thread:meToo', threadId: 1, meTooCount: marker })

async function handled(table: string) {
  return db.sql<{ eventId: number }[]>`select event_id from ${db.sql(table)} order by seq`.then((rows) =>
    rows.map((r) => Number(r.eventId)),
  )
}

async function outboxOrder(afterId = 0) {
  const rows = await db.sql<{ id: number }[]>`select id from outbox where id > ${afterId} order by txid, id`
  return rows.map((r) => Number(r.id))
}

async function lastId() {
  const [row] = await db.sql<{ id: number | null }[]>`select max(id) as id from outbox`
  return Number(row.id ?? 0)
}

describe('outbox consumers', () => {
  it('a consumer that takes only some events handles one of them per batch and passes over the rest with it', async () => {
    const consumer = await recordingConsumer('picky', {
      batchSize: 1,
      takes: (event) => event.type === 'thread:meToo' && event.meTooCount % 10 === 0,
    })
    await ensureConsumer(db.sql, consumer.name, 'now')
    // 25 events, of which three are taken (markers 10, 20 and the last, 0).
    for (let marker = 1; marker <= 24; marker++) await write(db.sql, marker)
    await write(db.sql, 0)
    // Another test file's open transaction (same server) can hold events back a moment, so a
    // batch may stop short or find nothing yet: run batches until all 25 are handled.
    const batches: number[] = []
    const deadline = Date.now() + 15_000
    while (batches.reduce((a, b) => a + b, 0) < 25 && Date.now() < deadline) {
      const count = (await runBatch(db.sql, consumer)) ?? 0
      if (count) batches.push(count)
      else await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const markers = (await db.sql`select marker from ${db.sql(consumer.table)} order by seq`).map((r) => Number(r.marker))
    // Every event once, in order: 1–24, then 0.
    expect(markers).toEqual([...Array.from({ length: 24 }, (_, i) => i + 1), 0])
    // No batch takes more than one event it wants, and one it takes ends its batch
    // (unhindered, the batches are 1–10, 11–20 and 21–0).
    let at = 0
    for (const count of batches) {
      const batch = markers.slice(at, at + count)
      at += count
      const taken = batch.filter((m) => m % 10 === 0)
      expect(taken.length).toBeLessThanOrEqual(1)
      if (taken.length) expect(batch[batch.length - 1]).toBe(taken[0])
    }
    expect(batches.length).toBeGreaterThanOrEqual(3)
  })

  it('two processes drain 1,000 events from 20 concurrent writers: each handled once, in order', async () => {
    const consumer = await recordingConsumer('drain')
    const start = await lastId()
    const a = createSql(db.url, { max: 3 })
    const b = createSql(db.url, { max: 3 })
    pools.push(a, b)
    runners.push(await startConsumers(a, [consumer], { sweepMs: 50 }), await startConsumers(b, [consumer], { sweepMs: 50 }))
    const writers = createSql(db.url, { max: 20 })
    pools.push(writers)
    await Promise.all(
      Array.from({ length: 20 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 50; i++) await writers.begin((tx) => write(tx, w * 1000 + i))
        })(),
      ),
    )
    await expect.poll(async () => (await handled(consumer.table)).length, { timeout: 20_000 }).toBe(1000)
    await new Promise((r) => setTimeout(r, 200))
    expect(await handled(consumer.table)).toEqual(await outboxOrder(start))
  })

  it('loses nothing when a process is killed mid-batch: its batch is handled again by the other', async () => {
    const consumer = await recordingConsumer('killed')
    await ensureConsumer(db.sql, consumer.name, 'now')
    const start = await lastId()
    for (let i = 0; i < 30; i++) await write(db.sql, i)
    const doomed = spawn(process.execPath, ['--import', 'tsx', 'tests/die-mid-batch.ts', db.url, consumer.name, consumer.table], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const exited = new Promise((resolve) => doomed.once('exit', resolve))
    await new Promise<void>((resolve, reject) => {
      doomed.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('mid-batch') && resolve())
      doomed.once('exit', () => reject(new Error('the consumer process exited before its batch')))
    })
    doomed.kill('SIGKILL')
    await exited
    const survivor = createSql(db.url, { max: 2 })
    pools.push(survivor)
    const expected = await outboxOrder(start)
    // Its transaction died with it: the rows it wrote are gone and the other process handles everything once.
    await expect
      .poll(
        async () => {
          await runBatch(survivor, consumer)
          return handled(consumer.table)
        },
        { timeout: 15_000 },
      )
      .toEqual(expected)
  })

  it('handles events whose transactions commit out of id order', async () => {
    const consumer = await recordingConsumer('order')
    const sql = createSql(db.url, { max: 4 })
    pools.push(sql)
    await ensureConsumer(sql, consumer.name, 'now')
    // Transaction A takes the lower id and stays open; B takes the next id and commits first.
    let releaseA!: () => void
    const aMayCommit = new Promise<void>((r) => (releaseA = r))
    let aWrote!: () => void
    const aHasWritten = new Promise<void>((r) => (aWrote = r))
    const a = sql.begin(async (tx) => {
      await write(tx, 1)
      aWrote()
      await aMayCommit
    })
    await aHasWritten
    await sql.begin((tx) => write(tx, 2))
    // B is committed, but A could still precede it: the consumer waits for A.
    expect(await runBatch(sql, consumer)).toBe(0)
    expect(await handled(consumer.table)).toEqual([])
    releaseA()
    await a
    // Once A is in, both are handled (as soon as no other transaction on the server is older).
    await expect
      .poll(
        async () => {
          await runBatch(sql, consumer)
          return (await handled(consumer.table)).length
        },
        { timeout: 15_000 },
      )
      .toBe(2)
    const ids = await handled(consumer.table)
    expect(ids).toHaveLength(2)
    expect(ids[0]).toBeLessThan(ids[1])

    // C takes an xid first (by writing elsewhere), D writes its event, then C writes its event and commits before D.
    const before = (await handled(consumer.table)).length
    let releaseD!: () => void
    const dMayCommit = new Promise<void>((r) => (releaseD = r))
    let cStarted!: () => void
    const cHasXid = new Promise<void>((r) => (cStarted = r))
    let cMayWrite!: () => void
    const cWrites = new Promise<void>((r) => (cMayWrite = r))
    const c = sql.begin(async (tx) => {
      await tx`select pg_current_xact_id()`
      cStarted()
      await cWrites
      await write(tx, 3)
    })
    await cHasXid
    let dWrote!: () => void
    const dHasWritten = new Promise<void>((r) => (dWrote = r))
    const d = sql.begin(async (tx) => {
      await write(tx, 4)
      dWrote()
      await dMayCommit
    })
    await dHasWritten
    cMayWrite()
    await c
    await runBatch(sql, consumer)
    releaseD()
    await d
    await expect
      .poll(
        async () => {
          await runBatch(sql, consumer)
          return (await handled(consumer.table)).length - before
        },
        { timeout: 15_000 },
      )
      .toBe(2)
  })

  it('retries a failing handler with backoff and never moves past the event; a poison event is reported stuck and blocks no one else', async () => {
    let failuresLeft = 3
    const flaky = await recordingConsumer('flaky')
    const flakyHandle = flaky.handle
    flaky.handle = async (tx, events) => {
      if (failuresLeft > 0) {
        failuresLeft--
        throw new Error('search engine unavailable')
      }
      await flakyHandle(tx, events)
    }
    const poisoned = await recordingConsumer('poisoned', {
      handle: async () => {
        throw new Error('cannot handle this')
      },
    })
    const healthy = await recordingConsumer('healthy')
    const start = await lastId()
    const sql = createSql(db.url, { max: 4 })
    pools.push(sql)
    runners.push(await startConsumers(sql, [flaky, poisoned, healthy], { sweepMs: 20, retryMs: 20, maxRetryMs: 80, stuckAfter: 3 }))
    for (let i = 0; i < 10; i++) await write(db.sql, i)
    const expected = await outboxOrder(start)
    await expect.poll(() => handled(flaky.table), { timeout: 10_000 }).toEqual(expected)
    await expect.poll(() => handled(healthy.table), { timeout: 10_000 }).toEqual(expected)
    await expect
      .poll(async () => (await listConsumerStatus(db.sql)).find((c) => c.name === poisoned.name)?.stuckEventId, { timeout: 10_000 })
      .toBe(expected[0])
    const status = (await listConsumerStatus(db.sql)).find((c) => c.name === poisoned.name)!
    expect(status.lagEvents).toBe(10)
    expect(status.lastError).toBe('cannot handle this')
    expect((await listConsumerStatus(db.sql)).find((c) => c.name === flaky.name)).toMatchObject({
      lagEvents: 0,
      failures: 0,
      stuckEventId: null,
    })
  })

  it('prunes only what every consumer has passed and the retention allows', async () => {
    const ahead = await recordingConsumer('ahead')
    const lagging = await recordingConsumer('lagging', { batchSize: 2 })
    // Only these two hold events back here (the stuck consumer above would hold back everything).
    await db.sql`delete from outbox_consumers`
    for (const c of [ahead, lagging]) await ensureConsumer(db.sql, c.name, 'now')
    const start = await lastId()
    for (let i = 0; i < 6; i++) await write(db.sql, i)
    const sql = createSql(db.url, { max: 2 })
    pools.push(sql)
    // Batches run as soon as no older transaction is open anywhere on the server.
    const until = async (consumer: Consumer & { table: string }, count: number) =>
      expect
        .poll(
          async () => {
            if ((await handled(consumer.table)).length < count) await runBatch(sql, consumer)
            return (await handled(consumer.table)).length
          },
          { timeout: 15_000 },
        )
        .toBe(count)
    await until(lagging, 2)
    await until(ahead, 6)
    await db.sql`update outbox set created_at = now() - interval '5 hours' where id > ${start}`
    // Within the retention nothing goes; past it, only the two events the lagging consumer handled.
    expect(await pruneOutbox(db.sql, 6)).toBe(0)
    expect(await pruneOutbox(db.sql, 4)).toBe(2)
    const left = await outboxOrder(start)
    expect(left).toHaveLength(4)
    await until(lagging, 6)
    expect((await handled(lagging.table)).slice(-4)).toEqual(left)
  })
})
