import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'

import { createSql } from '../db/client'
import { freePort } from '../db/embedded'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, signIn } from '../tests/forum-server'
import { acquireTestServer, createMigratedDatabase, databaseUrl, dropDatabase, uniqueName } from '../tests/template-databases'
import { startForum, stopForum } from './forum-process'
import { clock, type FromClients, type ToClients } from './live-messages'
import { cpuMs, rss } from './proc'

/*
 * `npm run bench:live`: how fast a reply reaches every reader of a busy
 * thread, and what that costs the server. The forum runs in one or more
 * processes of its own over a fresh database; the readers are visitors'
 * sockets in another process (bench/live-clients.ts), so the server's CPU
 * and memory can be read from /proc alone. A signed-in member posts replies
 * through the real form; a reply's delay is from its POST's response
 * arriving to each reader receiving the event (slightly negative when the
 * event beats the redirect: the process that commits a reply hears of it
 * and pushes it to its sockets before it sends the redirect, so the POST's
 * own time, shown beside, grows with the readers).
 *
 *   npm run bench:live -- [--clients 2000] [--replies 20] [--processes 1,2] [--spacing 250]
 *   npm run bench:live -- --quick      200 readers, 5 replies: for working on the bench itself
 *
 * With several processes the readers are spread evenly over them, and the
 * replies are posted to each in turn.
 */

const { values } = parseArgs({
  options: {
    clients: { type: 'string' },
    replies: { type: 'string' },
    processes: { type: 'string', default: '1,2' },
    spacing: { type: 'string', default: '250' },
    quick: { type: 'boolean', default: false },
  },
})
const clients = Number(values.clients ?? (values.quick ? 200 : 2000))
const replies = Number(values.replies ?? (values.quick ? 5 : 20))
const processCounts = values.processes.split(',').map(Number)
const spacing = Number(values.spacing)

const TARGET = { p50: 50, p99: 150 }
// Replies still undelivered this long after the last POST's response count as missing.
const GRACE_MS = 5_000

const sum = (pids: number[], read: (pid: number) => number) => pids.reduce((total, pid) => total + read(pid), 0)
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

function startReaders(): Promise<ChildProcess> {
  const child = fork('bench/live-clients.ts', [], { execArgv: ['--import', 'tsx'] })
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`the readers' process exited with ${code}`)))
  })
}

type Answer<K extends string> = Extract<FromClients, Record<K, unknown>> extends Record<K, infer T> ? T : never

/** Sends the readers' process a message and waits for the answer named `key`. */
function ask<K extends 'connected' | 'receipts'>(readers: ChildProcess, message: ToClients, key: K): Promise<Answer<K>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the readers' process exited with ${code}`))
    const onMessage = (answer: FromClients) => {
      if (!(key in answer)) return
      readers.off('message', onMessage).off('exit', onExit)
      resolve((answer as Record<K, Answer<K>>)[key])
    }
    readers.on('message', onMessage).once('exit', onExit)
    readers.send(message)
  })
}

interface Thread {
  threadId: number
  slug: string
}

interface Answered {
  /** When the response arrived. */
  at: number
  /** From sending the POST to its response. */
  took: number
}

/** Posts a reply through the thread page's form; resolves with its post number and when the response arrived. */
async function reply(base: string, thread: Thread, cookie: string, text: string): Promise<Answered & { postNumber: number }> {
  const sent = clock()
  const response = await postForm(base, `/t/${thread.threadId}/${thread.slug}`, { intent: 'reply', body: text }, cookie)
  const at = clock()
  await response.arrayBuffer()
  // The action redirects to the new post: /t/:id/:slug/:n#post-:n.
  const postNumber = Number(/#post-(\d+)$/.exec(response.headers.get('location') ?? '')?.[1])
  if (response.status !== 302 || !postNumber) throw new Error(`a reply got ${response.status} ${response.headers.get('location')}`)
  return { postNumber, at, took: at - sent }
}

/**
 * Posts `replies` replies on an open-loop schedule (each at its own time,
 * whatever the others take), to the given forums in turn, and returns when
 * each response arrived, by post number.
 */
async function postReplies(bases: string[], thread: Thread, cookie: string, label: string): Promise<Map<number, Answered>> {
  const answered = new Map<number, Answered>()
  const started = clock()
  const posts: Promise<void>[] = []
  for (let n = 0; n < replies; n++) {
    const wait = started + n * spacing - clock()
    if (wait > 0) await sleep(wait)
    const text = `Live benchmark reply, ${label} #${n + 1}: the export finished after retrying the webhook.`
    posts.push(reply(bases[n % bases.length], thread, cookie, text).then(({ postNumber, ...r }) => void answered.set(postNumber, r)))
  }
  await Promise.all(posts)
  return answered
}

/** Server CPU used while `work` runs, less what the same processes use idle over as long. */
async function cpuDuring<T>(pids: number[], idleMsPerMs: number, work: () => Promise<T>): Promise<{ result: T; cpu: number }> {
  const before = sum(pids, cpuMs)
  const started = clock()
  const result = await work()
  return { result, cpu: sum(pids, cpuMs) - before - idleMsPerMs * (clock() - started) }
}

async function idleCpuRate(pids: number[]): Promise<number> {
  const before = sum(pids, cpuMs)
  const started = clock()
  await sleep(2_000)
  return (sum(pids, cpuMs) - before) / (clock() - started)
}

async function scenario(url: string, poster: { username: string }, thread: Thread, processes: number) {
  const forums: ChildProcess[] = []
  let readers: ChildProcess | undefined
  try {
    const bases: string[] = []
    for (let i = 0; i < processes; i++) {
      const port = await freePort()
      forums.push(await startForum(url, port))
      bases.push(`http://127.0.0.1:${port}`)
    }
    const pids = forums.map((forum) => forum.pid!)
    const cookie = await signIn(bases[0], poster.username, TEST_PASSWORD)
    const label = `${processes} process${processes > 1 ? 'es' : ''}`

    // The first replies load and compile the reply path in each process; they are not measured.
    for (const base of bases) await reply(base, thread, cookie, `Live benchmark warm-up, ${label}.`)
    // What a reply costs the server with nobody reading, to tell it apart from delivering it.
    const quietRate = await idleCpuRate(pids)
    const quiet = await cpuDuring(pids, quietRate, () => postReplies(bases, thread, cookie, `${label}, no readers`))
    await sleep(500)

    process.stdout.write(`${label}: connecting ${clients} readers… `)
    const rssBefore = sum(pids, rss)
    readers = await startReaders()
    const delivered = new Set<number>()
    readers.on('message', (message: FromClients) => {
      if ('delivered' in message) delivered.add(message.delivered)
    })
    const connected = await ask(readers, { connect: { urls: bases, count: clients, threadId: thread.threadId } }, 'connected')
    console.log(`${connected.connected} in ${round(connected.seconds)} s${connected.failed ? ` (${connected.failed} failed)` : ''}`)
    // Handshakes and joins leave work behind (session checks, garbage); let it settle before measuring.
    await sleep(1_000)
    const rssAfter = sum(pids, rss)

    const idleRate = await idleCpuRate(pids)
    const readersCpuBefore = cpuMs(readers.pid!)
    const live = await cpuDuring(pids, idleRate, async () => {
      const answered = await postReplies(bases, thread, cookie, label)
      const deadline = clock() + GRACE_MS
      while (clock() < deadline && ![...answered.keys()].every((n) => delivered.has(n))) await sleep(5)
      return answered
    })
    const readersCpu = cpuMs(readers.pid!) - readersCpuBefore
    const receipts = await ask(readers, { report: true }, 'receipts')

    const answered = live.result
    const delays: number[] = []
    for (const [postNumber, { at }] of answered) {
      for (const received of receipts.times[postNumber] ?? []) delays.push(received - at)
    }
    delays.sort((a, b) => a - b)
    const expected = answered.size * connected.connected
    const recipients = expected / 1000
    const postP50 = (posted: Map<number, Answered>) =>
      percentile(
        [...posted.values()].map((r) => r.took).sort((a, b) => a - b),
        50,
      )
    const quietPerReply = quiet.cpu / replies
    return {
      delivery: {
        scenario: label,
        connections: connected.connected,
        events: answered.size,
        expected,
        received: delays.length,
        missing: expected - delays.length,
        'p50 ms': round(percentile(delays, 50)),
        'p90 ms': round(percentile(delays, 90)),
        'p99 ms': round(percentile(delays, 99)),
        'max ms': round(delays[delays.length - 1] ?? NaN),
        'POST p50 ms': round(postP50(answered)),
      },
      cost: {
        scenario: label,
        'KB RSS per connection': round((rssAfter - rssBefore) / 1024 / connected.connected),
        'CPU ms per 1k recipients': round(live.cpu / recipients, 2),
        'of which delivery': round((live.cpu - quietPerReply * answered.size) / recipients, 2),
        'CPU ms per reply, no readers': round(quietPerReply),
        'POST p50 ms, no readers': round(postP50(quiet.result)),
        // The readers' side of the measurement: when it nears the server's, delays include the readers' own queueing.
        'readers CPU ms per 1k': round(readersCpu / recipients, 2),
        'connect s': round(connected.seconds),
      },
      problems: [
        connected.failed && `${connected.failed} sockets failed to connect`,
        receipts.duplicates && `${receipts.duplicates} events delivered twice to one socket`,
        receipts.disconnects && `${receipts.disconnects} sockets dropped during the run`,
      ].filter(Boolean) as string[],
    }
  } finally {
    if (readers && readers.exitCode === null) readers.kill()
    for (const forum of forums) await stopForum(forum)
  }
}

async function main() {
  if (!existsSync('build/index.js')) throw new Error('Run `npm run build` first.')
  const server = await acquireTestServer()
  const name = await createMigratedDatabase(server.adminUrl, uniqueName('forum_bench_live'))
  const url = databaseUrl(server.adminUrl, name)
  const sql = createSql(url, { max: 2 })
  try {
    const poster = await makeUser(sql)
    const category = await makeCategory(sql)
    const thread = await makeThread(sql, poster, category.slug)
    console.log(
      `${clients} readers of one thread, ${replies} replies ${spacing} ms apart, on ${processCounts.join(' and ')} forum process(es)`,
    )
    const results = []
    for (const processes of processCounts) results.push(await scenario(url, poster, thread, processes))

    console.log('\ndelivery: from the reply POST’s response to each reader’s event')
    console.table([
      ...results.map((r) => r.delivery),
      { scenario: 'target', missing: 0, 'p50 ms': `≤ ${TARGET.p50}`, 'p99 ms': `≤ ${TARGET.p99}` },
    ])
    console.log('server cost: all forum processes together; CPU net of their idle use, memory from before to after connecting')
    console.table(results.map((r) => r.cost))
    for (const { delivery, problems } of results) {
      const met = delivery.missing === 0 && delivery['p50 ms'] <= TARGET.p50 && delivery['p99 ms'] <= TARGET.p99
      console.log(
        `${met ? '✔' : '✘'} ${delivery.scenario}: p50 ${delivery['p50 ms']} ms (target ≤ ${TARGET.p50}), ` +
          `p99 ${delivery['p99 ms']} ms (target ≤ ${TARGET.p99}), ${delivery.missing} missing (target 0)`,
      )
      for (const problem of problems) console.log(`  ${problem}`)
      // A lost or doubled event is a bug; a slow one on this machine is a figure to read.
      if (delivery.missing !== 0 || problems.length) process.exitCode = 1
    }
  } finally {
    await sql.end()
    await dropDatabase(server.adminUrl, name).catch(() => {})
    await server.stop()
  }
}

await main()
