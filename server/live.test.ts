import { io as connect, type Socket } from 'socket.io-client'
import { describe, expect, it } from 'vitest'

import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db)

function open(headers: Record<string, string> = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(forum.url, { transports: ['websocket'], extraHeaders: headers, reconnection: false })
    socket.on('connect', () => resolve(socket))
    socket.on('connect_error', reject)
  })
}

const join = (socket: Socket, threadId: unknown) =>
  new Promise<{ ok: boolean; error?: string }>((resolve) => socket.emit('thread:join', threadId, resolve))

describe('live updates', () => {
  it('pushes a new reply to every reader of the thread, and to nobody else', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    const other = await makeThread(db.sql, author, category.slug)
    const visitor = await open()
    const member = await open({ Cookie: await signIn(forum.url, author.username, TEST_PASSWORD) })
    const elsewhere = await open()
    try {
      expect(await join(visitor, ref.threadId)).toEqual({ ok: true })
      expect(await join(member, ref.threadId)).toEqual({ ok: true })
      expect(await join(elsewhere, other.threadId)).toEqual({ ok: true })
      const strays: unknown[] = []
      elsewhere.on('forum', (event) => strays.push(event))
      const received = Promise.all([visitor, member].map((s) => new Promise((resolve) => s.once('forum', resolve))))
      const reply = await replyToThread(db.sql, author, ref.threadId, 'live reply')
      const events = await received
      for (const event of events) {
        expect(event).toEqual({ type: 'post:created', id: expect.any(Number), threadId: ref.threadId, postId: reply.postId, postNumber: 2 })
      }
      await new Promise((r) => setTimeout(r, 100))
      expect(strays).toEqual([])
    } finally {
      for (const s of [visitor, member, elsewhere]) s.disconnect()
    }
  })

  it('refuses to join threads that do not exist or that the reader cannot see', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    await db.sql`update threads set deleted_at = now() where id = ${ref.threadId}`
    const socket = await open()
    try {
      expect(await join(socket, ref.threadId)).toEqual({ ok: false, error: 'not_found' })
      expect(await join(socket, 'abc')).toEqual({ ok: false, error: 'not_found' })
      expect(await join(socket, 424242424)).toEqual({ ok: false, error: 'not_found' })
    } finally {
      socket.disconnect()
    }
  })

  it('refuses a socket opened by a page on another site', async () => {
    await expect(open({ Origin: 'https://evil.example' })).rejects.toBeTruthy()
  })
})
