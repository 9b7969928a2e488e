import { fork, type ChildProcess } from 'node:child_process'
import { parseArgs } from 'node:util'

import { recordEvent } from '../app/domain/events'
import { createSql, type Sql } from '../db/client'
import { ensureConsumer } from '../db/queries/consumers'
import { acquireTestServer, createMigratedDatabase, databaseUrl, dropDatabase, uniqueName } from '../tests/template-databases'

/*
 * Outbox consumers: how many events a no-op consumer handles per second
 * when it has a backlog, and the delay from commit to handler under a
 * steady 200 writes/s, with one and with two consumer processes.
 *
 *   npm run bench:outbox -- [--backlog 20000] [--rate 200] [--seconds 10]
 */
const { values } = parseArgs({
  options: {
    backlog: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
  },
})
const backlog = Number(values.backlog)
const rate = Number(values.rate)
const seconds = Number(values.seconds)

type Report = { handled: number; delays: number[] }

function startWorker(url: string, name: string): Promise<ChildProcess> {
  const child = fork('bench/outbox-worker.ts', [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_CONSUMER: name },
  })
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`consumer process exited with ${code}`)))
  })
}

function stopWorker(child: ChildProcess): Promise<Report> {
  return new Promise((resolve) => {
    child.once('message', (report) => resolve(report as Report))
    child.send({ stop: true })
  })
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0
const event = (n: number) => ({ type: 'thread:meToo' as const, threadId: 1, meTooCount: n })

async function drainBacklog(sql: Sql, url: string, processes: number) {
  const name = uniqueName('backlog')
  await ensureConsumer(sql, name, 'now')
  // The backlog is written in large transactions, before any consumer runs.
  for (let done = 0; done < backlog; done += 1000) {
    await sql.begin(async (tx) => {
      for (let i = 0; i < 1000; i++) await recordEvent(tx, event(done + i))
    })
  }
  const started = performance.now()
  const workers = await Promise.all(Array.from({ length: processes }, () => startWorker(url, name)))
  for (;;) {
    const [row] = await sql<{ left: number }[]>`
      select count(*)::int as left from outbox o, outbox_consumers c
      where c.name = ${name} and (o.txid, o.id) > (c.position_txid, c.position_id)`
    if (row.left === 0) break
    await new Promise((r) => setTimeout(r, 20))
  }
  const elapsed = (performance.now() - started) / 1000
  const reports = await Promise.all(workers.map(stopWorker))
  const handled = reports.reduce((n, r) => n + r.handled, 0)
  return {
    scenario: `drain a ${backlog.toLocaleString('en')}-event backlog`,
    processes,
    handled,
    'events/s': Math.round(handled / elapsed),
  }
}

async function steadyWrites(sql: Sql, url: string, processes: number) {
  const name = uniqueName('steady')
  await ensureConsumer(sql, name, 'now')
  const workers = await Promise.all(Array.from({ length: processes }, () => startWorker(url, name)))
  const total = rate * seconds
  const started = performance.now()
  const writes: Promise<unknown>[] = []
  for (let n = 0; n < total; n++) {
    // An open-loop schedule: each write at its own time, whatever the others take.
    const due = started + (n * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    writes.push(sql.begin((tx) => recordEvent(tx, event(n))))
  }
  await Promise.all(writes)
  await new Promise((r) => setTimeout(r, 500))
  const reports = await Promise.all(workers.map(stopWorker))
  const delays = reports.flatMap((r) => r.delays).sort((a, b) => a - b)
  return {
    scenario: `${rate} writes/s for ${seconds} s`,
    processes,
    handled: delays.length,
    'delay p50 ms': percentile(delays, 50),
    'delay p99 ms': percentile(delays, 99),
  }
}

const server = await acquireTestServer()
const name = await createMigratedDatabase(server.adminUrl, uniqueName('forum_bench_outbox'))
const url = databaseUrl(server.adminUrl, name)
const sql = createSql(url, { max: 10 })
try {
  const drains = []
  const steady = []
  for (const processes of [1, 2]) drains.push(await drainBacklog(sql, url, processes))
  for (const processes of [1, 2]) steady.push(await steadyWrites(sql, url, processes))
  console.table(drains)
  console.table(steady)
} finally {
  await sql.end()
  await dropDatabase(server.adminUrl, name).catch(() => {})
  await server.stop()
}
