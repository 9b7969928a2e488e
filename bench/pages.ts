import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

import { createSql, type Sql } from '../db/client'
import { freePort } from '../db/embedded'
import { seedLarge } from '../seeds/large'
import { makeUser, TEST_PASSWORD } from '../tests/factories'
import { signIn } from '../tests/forum-server'
import { acquireTestServer, createMigratedDatabase, databaseUrl, dropDatabase } from '../tests/template-databases'
import { startForum, stopForum } from './forum-process'
import { insightsScenarios } from './insights'
import { cpuMs, peakRss } from './proc'
import { publicScenarios } from './public'
import { isSeeded } from './seeded'
import type { LoadRow } from './serve'
import { uploadScenarios } from './uploads'

/*
 * `npm run bench`: seeds a large community into a database of its own,
 * starts the production build in a separate process, and drives it with
 * autocannon. Prints one table for page reads, one for what search engines
 * and feed readers fetch (and a browser revalidating), one for reply writes, and
 * two for uploads (an image served from the PostgreSQL store; a 2 MB
 * screenshot through the pipeline), each row against its target.
 * Options: --threads N --replies N --duration S --warmup S
 *          --only pages,public,insights,replies,uploads,workers  run just these parts (all of them by default);
 *                     `--only uploads` takes about a minute at --threads 2000 --replies 20000 --duration 5
 *          --keep     keep the seeded database and reuse it on the next run
 *          --profile  write the forum's CPU profile to bench/profiles/ (open it in Chrome's DevTools)
 *          --workers 1,2  also the signed-in thread page with `npm start`'s worker processes
 *                         (WEB_CONCURRENCY), at 10 connections; `--workers ''` skips it
 */

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '100000' },
    replies: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    workers: { type: 'string', default: '1,2' },
    only: { type: 'string', default: '' },
  },
})
const threads = Number(values.threads)
const replies = Number(values.replies)
const duration = Number(values.duration)
const warmup = Number(values.warmup)
const keep = values.keep
const PARTS = ['pages', 'public', 'insights', 'replies', 'uploads', 'workers'] as const
const only = values.only.split(',').filter(Boolean)
const unknown = only.filter((part) => !(PARTS as readonly string[]).includes(part))
if (unknown.length) throw new Error(`--only takes ${PARTS.join(', ')}; not ${unknown.join(', ')}`)
const runs = (part: (typeof PARTS)[number]) => only.length === 0 || only.includes(part)

interface Row extends LoadRow {
  errors: number
  'HTML KB'?: number | string
  /** The forum process's CPU time over the measured seconds, per request answered. */
  'CPU ms/req'?: number | string
}

async function load(url: string, connections: number, seconds: number, cookie?: string) {
  return autocannon({ url, connections, duration: seconds, pipelining: 1, headers: cookie ? { cookie } : {} })
}

/**
 * Reads one page at 1 and 10 connections; with a cookie, as that signed-in
 * member (never from the page cache). With the forum's pid, also what each
 * request cost it in CPU time.
 */
async function readScenario(name: string, url: string, cookie?: string, pid?: number): Promise<Row[]> {
  const html = await (await fetch(url, { headers: cookie ? { cookie } : {} })).text()
  const rows: Row[] = []
  for (const connections of [1, 10]) {
    await load(url, connections, warmup, cookie)
    const cpuBefore = pid ? cpuMs(pid) : 0
    const result = await load(url, connections, duration, cookie)
    const cpu = pid ? cpuMs(pid) - cpuBefore : 0
    rows.push({
      scenario: name,
      connections,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p97.5 ms': result.latency.p97_5,
      'p99 ms': result.latency.p99,
      errors: result.errors + result.non2xx,
      'HTML KB': Math.round(Buffer.byteLength(html) / 102.4) / 10,
      'CPU ms/req': pid && result.requests.total ? Math.round((cpu / result.requests.total) * 100) / 100 : '',
    })
    process.stdout.write('.')
  }
  return rows
}

/** The signed-in thread page at 10 connections, served by `npm start` with each number of worker processes. */
async function workerScenarios(databaseUrl: string, path: string, username: string): Promise<Row[]> {
  const rows: Row[] = []
  for (const workers of values.workers.split(',').filter(Boolean).map(Number)) {
    const port = await freePort()
    const forum = await startForum(databaseUrl, port, { workers })
    try {
      const base = `http://127.0.0.1:${port}`
      const cookie = await signIn(base, username, TEST_PASSWORD)
      await load(base + path, 10, warmup, cookie)
      const result = await load(base + path, 10, duration, cookie)
      rows.push({
        scenario: `thread page 1, signed in, WEB_CONCURRENCY=${workers}`,
        connections: 10,
        'req/s': Math.round(result.requests.average),
        'p50 ms': result.latency.p50,
        'p97.5 ms': result.latency.p97_5,
        'p99 ms': result.latency.p99,
        errors: result.errors + result.non2xx,
      })
      process.stdout.write('.')
    } finally {
      await stopForum(forum)
    }
  }
  return rows
}

/** Waits until every outbox consumer has handled every event (per /healthz); says how long that took. */
async function settle(base: string): Promise<string> {
  // OUTBOX_CONSUMERS=off (to measure writes without the work they leave) leaves nothing to wait for.
  if (process.env.OUTBOX_CONSUMERS === 'off') return 'never (consumers off)'
  const started = Date.now()
  for (;;) {
    const health = (await (await fetch(`${base}/healthz`)).json()) as { outbox: { consumers: { lagEvents: number }[] } }
    if (health.outbox.consumers.every((c) => c.lagEvents === 0)) return `in ${((Date.now() - started) / 1000).toFixed(1)} s`
    if (Date.now() - started > 300_000) return 'not within 300 s'
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function writeScenario(
  sql: Sql,
  base: string,
  name: string,
  writers: Array<{ cookie: string }>,
  targets: Array<{ id: number; slug: string }>,
): Promise<{ row: Row; check: string }> {
  const before = new Map(
    (await sql<{ id: number; n: number }[]>`select id, last_post_number as n from threads where id = any(${targets.map((t) => t.id)})`).map(
      (r) => [r.id, r.n],
    ),
  )
  const stored = new Map<number, number>()
  // Seeded bodies repeat, so only this run's replies are checked for doubles.
  const tag = `${name.replace(/\W+/g, '-')}-${Date.now().toString(36)}`
  let turn = 0
  const result = await autocannon({
    url: base,
    connections: writers.length,
    duration,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const i = turn++ % writers.length
          const target = targets[i % targets.length]
          ;(context as { thread?: number }).thread = target.id
          return {
            ...request,
            path: `/t/${target.id}/${target.slug}`,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              origin: base,
              cookie: writers[i].cookie,
            },
            body: `intent=reply&body=${encodeURIComponent(`Benchmark reply ${tag} ${turn}: the export finished after retrying the webhook.`)}`,
          }
        },
        onResponse: (status, _body, context) => {
          const thread = (context as { thread: number }).thread
          if (status === 302) stored.set(thread, (stored.get(thread) ?? 0) + 1)
        },
      },
    ],
  })
  // Every accepted reply is stored exactly once (bodies are unique per request),
  // and post numbers have no gaps. Requests still in flight when the clock
  // stopped may be stored without their response counted: at most one per connection.
  const rows = await sql<{ id: number; last: number; count: number; max: number; duplicates: number }[]>`
    select t.id, t.last_post_number as last, count(p.id)::int as count, max(p.post_number) as max,
           (select count(*)::int from (select markdown from posts where thread_id = t.id and markdown like ${`Benchmark reply ${tag} %`}
                                       group by markdown having count(*) > 1) d) as duplicates
    from threads t join posts p on p.thread_id = t.id
    where t.id = any(${targets.map((t) => t.id)}) group by t.id`
  const accepted = [...stored.values()].reduce((a, b) => a + b, 0)
  const added = rows.reduce((sum, r) => sum + r.last - (before.get(r.id) ?? 0), 0)
  const problems = rows.filter((r) => r.count !== r.max || r.last !== r.max || r.duplicates > 0).length
  const lost = added < accepted || added - accepted > writers.length
  return {
    row: {
      scenario: name,
      connections: writers.length,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p97.5 ms': result.latency.p97_5,
      'p99 ms': result.latency.p99,
      errors: result.errors + result.non2xx - accepted,
      'HTML KB': '',
    },
    check:
      problems || lost
        ? `✘ ${name}: ${accepted} accepted, ${added} stored, ${problems} threads with doubled or gapped posts`
        : `✔ ${name}: ${accepted} replies accepted, ${added} stored (${added - accepted} in flight at the end), none doubled, post numbers gapless`,
  }
}

async function main() {
  if (!existsSync('build/index.js') || !existsSync('build/server/run.mjs')) throw new Error('Run `npm run build` first.')
  const server = await acquireTestServer()
  const name = `forum_bench_${threads}_${replies}`
  const url = databaseUrl(server.adminUrl, name)
  const reuse = keep && (await isSeeded(url, threads))
  if (!reuse) {
    await dropDatabase(server.adminUrl, name)
    await createMigratedDatabase(server.adminUrl, name)
  }
  const sql = createSql(url, { max: 4 })
  let forum: ChildProcess | undefined
  try {
    if (reuse) console.log(`reusing the seeded database ${name}`)
    else {
      console.log(`seeding ${threads.toLocaleString('en')} threads and ${replies.toLocaleString('en')} replies…`)
      await seedLarge(sql, { threads, replies, progress: true, log: (line) => console.log(line) })
    }
    const port = await freePort()
    forum = await startForum(url, port, { execArgv: values.profile ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [] })
    const base = `http://127.0.0.1:${port}`
    const pid = forum.pid!

    const [big] = await sql<{ id: number; slug: string; last: number }[]>`
      select id, slug, last_post_number as last from threads where reply_count = 200 order by id limit 1`
    const [category] = await sql<{ id: number; slug: string }[]>`select id, slug from categories order by thread_count desc limit 1`
    const [deep] = await sql<{ cursor: string }[]>`
      select to_char(last_posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '~' || id as cursor
      from threads where category_id = ${category.id} and deleted_at is null
      order by last_posted_at desc, id desc offset 1500 limit 1`
    const middle = Math.ceil(Math.ceil(big.last / 20) / 2)

    const users =
      runs('pages') || runs('replies') || runs('workers') ? await Promise.all(Array.from({ length: 20 }, () => makeUser(sql))) : []
    const writers = await Promise.all(users.map(async (u) => ({ cookie: await signIn(base, u.username, TEST_PASSWORD) })))

    if (runs('pages')) {
      console.log(`measuring pages (${warmup} s warm-up, ${duration} s each); visitors are served from the page cache, members are not`)
      const threadUrl = `${base}/t/${big.id}/${big.slug}`
      const reads: Row[] = [
        ...(await readScenario('thread page 1 (200 replies)', threadUrl, undefined, pid)),
        ...(await readScenario(`thread page ${middle} (200 replies)`, `${threadUrl}?page=${middle}`, undefined, pid)),
        ...(await readScenario(
          'category, 50 pages deep',
          `${base}/c/${category.slug}?before=${encodeURIComponent(deep?.cursor ?? '')}`,
          undefined,
          pid,
        )),
        ...(await readScenario('home page', `${base}/`, undefined, pid)),
        ...(await readScenario('thread page 1, signed in (rendered each time)', threadUrl, writers[0].cookie, pid)),
        ...(await readScenario(`thread page ${middle}, signed in`, `${threadUrl}?page=${middle}`, writers[0].cookie, pid)),
      ]
      console.log('\n')
      console.table(reads)
      console.log(`peak memory of the forum process so far: ${Math.round(peakRss(pid) / 1024 / 1024)} MB`)
    }

    if (runs('public')) {
      console.log(`measuring sitemaps, feeds and revalidation (${warmup} s warm-up, ${duration} s each), as visitors`)
      console.table(await publicScenarios(sql, base, { warmup, duration }))
    }

    if (runs('insights')) {
      console.log(`measuring the insights page and its JSON (${warmup} s warm-up, ${duration} s each), as staff`)
      const staff = await makeUser(sql, { role: 'staff' })
      console.table(await insightsScenarios(sql, base, await signIn(base, staff.username, TEST_PASSWORD), { warmup, duration }))
    }

    if (runs('replies')) await replyScenarios(sql, base, writers)

    if (runs('uploads')) {
      console.log(`measuring uploads (${warmup} s warm-up, ${duration} s each), from the PostgreSQL store`)
      const { serving, processing } = await uploadScenarios(sql, base, { warmup, duration })
      console.table(serving)
      console.table(processing)
    }

    if (values.workers && runs('workers')) {
      await stopForum(forum)
      console.log('measuring the signed-in thread page with worker processes (npm start on a PostgreSQL server)')
      const rows = await workerScenarios(url, `/t/${big.id}/${big.slug}`, users[0].username)
      console.log('\n')
      console.table(rows)
    }
  } finally {
    await stopForum(forum)
    await sql.end()
    if (!keep) await dropDatabase(server.adminUrl, name).catch(() => {})
    await server.stop()
  }
}

/** Reply POSTs, 20 writers on 20 threads and then on one, each checked for lost or doubled replies. */
async function replyScenarios(sql: Sql, base: string, writers: Array<{ cookie: string }>) {
  console.log('measuring reply POSTs')
  const spread = await sql<{ id: number; slug: string }[]>`select id, slug from threads where reply_count < 50 order by id desc limit 20`
  // Each scenario starts from a settled forum: the work the replies left
  // to the outbox consumers (notifications, search) is timed, not spilled
  // into the next scenario's figures.
  const across = await writeScenario(sql, base, 'replies, 20 writers on 20 threads', writers, spread)
  const acrossSettled = await settle(base)
  const single = await writeScenario(sql, base, 'replies, 20 writers on 1 thread', writers, [spread[0]])
  const singleSettled = await settle(base)
  console.table([across.row, single.row])
  console.log(across.check)
  console.log(single.check)
  console.log(`outbox consumers caught up ${acrossSettled} after the first, ${singleSettled} after the second`)
  if (across.check.startsWith('✘') || single.check.startsWith('✘')) process.exitCode = 1
}

await main()
