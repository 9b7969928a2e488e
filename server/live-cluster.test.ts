import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { freePort } from '../db/embedded'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, signIn } from '../tests/forum-server'

/*
 * Two forum processes on one database, as two machines behind a load
 * balancer would run: a reader on one hears what happens on the other, and a
 * reader whose process dies catches up from the database on the survivor.
 */

const db = setupTestDatabase()

interface Forum {
  url: string
  child: ChildProcess
  exited: Promise<unknown>
}
const forums: Forum[] = []
const sockets: Socket[] = []

/** One forum process (the built server/run.ts) on a port of its own; resolves once it says it is ready. */
async function startForum(): Promise<Forum> {
  const port = await freePort()
  const child = spawn(process.execPath, ['build/server/run.mjs'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      // The PostgreSQL adapter is the one under test.
      REDIS_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      LOG_REQUESTS: 'off',
      PAGE_CACHE_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise((resolve) => child.once('exit', resolve))
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready on')) resolve()
    })
    // Anything on stderr is worth reading when a case fails.
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[forum on ${port}] ${chunk.toString()}`))
    void exited.then((code) => reject(new Error(`the forum on port ${port} exited with ${String(code)}:\n${output}`)))
  })
  const forum = { url: `http://127.0.0.1:${port}`, child, exited }
  forums.push(forum)
  return forum
}

let one: Forum
let two: Forum

beforeAll(async () => {
  if (!existsSync('build/index.js')) throw new Error('No build found: run `npm run build` (the test command does) first.')
  ;[one, two] = await Promise.all([startForum(), startForum()])
})

afterAll(async () => {
  await Promise.all(
    forums.map(async ({ child, exited }) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }),
  )
})

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect()
})

function open(forum: Forum, cookie?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(forum.url, { transports: ['websocket'], reconnection: false, extraHeaders: cookie ? { Cookie: cookie } : {} })
    sockets.push(socket)
    socket.on('connect', () => resolve(socket))
    socket.on('connect_error', reject)
  })
}

interface PostCreated {
  type: 'post:created'
  threadId: number
  postId: number
  postNumber: number
}
type JoinResult = { ok: true; readers?: number; missed?: PostCreated[]; more?: boolean } | { ok: false; error: string }

const join = (socket: Socket, room: string, after?: number) =>
  new Promise<JoinResult>((resolve) => socket.emit('join', after === undefined ? { room } : { room, after }, resolve))

/** The next event of that name the socket hears, or a failure naming what never came. */
function next<T>(socket: Socket, event: string, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event within ${ms} ms`)), ms)
    socket.once(event, (payload: T) => {
      clearTimeout(timer)
      resolve(payload)
    })
  })
}

async function newThread() {
  const author = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, author, category.slug)
  return { author, thread, path: `/t/${thread.threadId}/${thread.slug}` }
}

async function reply(forum: Forum, path: string, cookie: string, body: string) {
  const response = await postForm(forum.url, path, { intent: 'reply', body }, cookie)
  expect(response.status).toBe(302)
}

describe('live events across two forum processes', () => {
  it('pushes a reply posted through one process to a reader on the other', async () => {
    const { author, thread, path } = await newThread()
    const reader = await open(one)
    expect(await join(reader, `thread:${thread.threadId}`)).toMatchObject({ ok: true })
    const heard = next<PostCreated>(reader, 'forum')
    await reply(two, path, await signIn(two.url, author.username, TEST_PASSWORD), 'Posted through the other process.')
    expect(await heard).toMatchObject({ type: 'post:created', threadId: thread.threadId, postNumber: 2 })
  })

  it('shows typing on one process to a reader on the other', async () => {
    const { author, thread } = await newThread()
    const reader = await open(one)
    const writer = await open(two, await signIn(two.url, author.username, TEST_PASSWORD))
    const room = `thread:${thread.threadId}`
    expect(await join(reader, room)).toMatchObject({ ok: true })
    expect(await join(writer, room)).toMatchObject({ ok: true })
    const shown = next(reader, 'typing')
    writer.emit('typing', thread.threadId)
    expect(await shown).toEqual({ threadId: thread.threadId, username: author.username })
  })

  it('catches a reader up on the survivor, once each and in order, when its process dies mid-conversation', async () => {
    const { author, thread, path } = await newThread()
    const room = `thread:${thread.threadId}`
    const cookie = await signIn(one.url, author.username, TEST_PASSWORD)
    const total = 12 // replies, numbered 2..13: fewer than one catch-up batch (20)

    // The reader is on process 2 and keeps the last post number it saw, as the page does.
    const before = await open(two)
    expect(await join(before, room)).toMatchObject({ ok: true })
    let lastSeen = 1
    before.on('forum', (event: PostCreated) => {
      if (event.type === 'post:created' && event.threadId === thread.threadId) lastSeen = Math.max(lastSeen, event.postNumber)
    })

    const posting = (async () => {
      for (let n = 1; n <= total; n++) {
        await reply(one, path, cookie, `Reply ${n} of the conversation.`)
        if (n === 4) two.child.kill('SIGKILL')
      }
    })()
    await two.exited
    const seenBeforeDeath = lastSeen

    // Reconnects to the survivor while replies keep coming, naming the last post it saw.
    const after = await open(one)
    const live: number[] = []
    after.on('forum', (event: PostCreated) => {
      if (event.type === 'post:created' && event.threadId === thread.threadId) live.push(event.postNumber)
    })
    const joined = await join(after, room, seenBeforeDeath)
    await posting
    expect(joined.ok).toBe(true)
    if (!joined.ok) return
    expect(joined.more ?? false).toBe(false)
    const missed = (joined.missed ?? []).map((event) => event.postNumber)

    // What the page applies: the missed posts, then live ones it does not have yet.
    const last = total + 1
    await expect.poll(() => Math.max(seenBeforeDeath, ...missed, ...live), { timeout: 5_000 }).toBe(last)
    const applied: number[] = []
    for (const number of [...missed, ...live]) if (number > (applied.at(-1) ?? seenBeforeDeath)) applied.push(number)
    expect(applied).toEqual(Array.from({ length: last - seenBeforeDeath }, (_, i) => seenBeforeDeath + 1 + i))
    // The server sends each of them once: the catch-up list and the live stream are each in order without repeats.
    expect(missed).toEqual([...new Set(missed)].sort((a, b) => a - b))
    expect(live).toEqual([...new Set(live)].sort((a, b) => a - b))
    expect(missed.every((n) => n > seenBeforeDeath)).toBe(true)
  })
})
