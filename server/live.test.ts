import { io as connect, type Socket } from 'socket.io-client'
import { afterEach, describe, expect, it } from 'vitest'

import { addInternalNote } from '../app/domain/ideas/ideas.server'
import { getThreadPage } from '../app/domain/pages/thread.server'
import { setMeToo } from '../app/domain/questions/questions.server'
import { moveThread, pinThread } from '../app/domain/threads/tools.server'
import { deletePost, replyToThread, startThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db)
const opened: Socket[] = []

afterEach(() => {
  for (const socket of opened.splice(0)) socket.disconnect()
})

function open(headers: Record<string, string> = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(forum.url, { transports: ['websocket'], extraHeaders: headers, reconnection: false })
    opened.push(socket)
    socket.on('connect', () => resolve(socket))
    socket.on('connect_error', reject)
  })
}

async function openAs(user: { username: string }) {
  return open({ Cookie: await signIn(forum.url, user.username, TEST_PASSWORD) })
}

type JoinResult = { ok: boolean; error?: string; missed?: Array<{ postNumber: number }>; more?: boolean; changed?: boolean }
const join = (socket: Socket, room: unknown, after?: unknown, since?: unknown) =>
  new Promise<JoinResult>((resolve) =>
    socket.emit('join', { room, ...(after === undefined ? {} : { after }), ...(since === undefined ? {} : { since }) }, resolve),
  )

/** Collects what a socket hears of one kind, to look at after the fact. */
function record<T = Record<string, unknown>>(socket: Socket, name = 'forum') {
  const heard: T[] = []
  socket.on(name, (item: T) => heard.push(item))
  return heard
}

const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean, what: string, ms = 3_000) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await settle(20)
  }
}

async function setting() {
  const author = await makeUser(db.sql)
  const category = await makeCategory(db.sql, { allowedKinds: ['question', 'discussion', 'idea'] })
  const thread = await makeThread(db.sql, author, category.slug)
  return { author, category, thread, room: `thread:${thread.threadId}` }
}

describe('live thread rooms', () => {
  it('sends a reply posted over HTTP to every reader of the thread, once, and to nobody else', async () => {
    const { author, category, thread, room } = await setting()
    const other = await makeThread(db.sql, author, category.slug)
    const cookie = await signIn(forum.url, author.username, TEST_PASSWORD)
    const [visitor, member, elsewhere] = await Promise.all([open(), open({ Cookie: cookie }), open()])
    expect(await join(visitor, room)).toEqual({ ok: true })
    // Joining twice (a page and its panel) still delivers each event once.
    expect(await join(member, room)).toEqual({ ok: true })
    expect(await join(member, room)).toEqual({ ok: true })
    expect(await join(elsewhere, `thread:${other.threadId}`)).toEqual({ ok: true })
    const [toVisitor, toMember, strays] = [record(visitor), record(member), record(elsewhere)]

    const response = await postForm(forum.url, `/t/${thread.threadId}/${thread.slug}`, { intent: 'reply', body: 'A live reply' }, cookie)
    expect(response.status).toBe(302)
    await until(() => toVisitor.length > 0 && toMember.length > 0, 'the reply event')
    await settle()
    const expected = { type: 'post:created', id: expect.any(Number), threadId: thread.threadId, postId: expect.any(Number), postNumber: 2 }
    expect(toVisitor).toEqual([expected])
    expect(toMember).toEqual([expected])
    expect(strays).toEqual([])
  })

  it('tells a reader coming back what it missed, from the database, in order and once each', async () => {
    const { author, thread, room } = await setting()
    const reader = await open()
    expect(await join(reader, room, 1)).toEqual({ ok: true, missed: [], more: false })
    reader.disconnect()
    for (const text of ['first while away', 'second while away', 'third while away'])
      await replyToThread(db.sql, author, thread.threadId, text)

    const back = await open()
    const live = record(back)
    const result = await join(back, room, 1)
    expect(result.missed?.map((p) => p.postNumber)).toEqual([2, 3, 4])
    expect(result.more).toBe(false)
    // Nothing arrives twice: the catch-up is not replayed as live events.
    await settle()
    expect(live).toEqual([])
  })

  it('tells a page whether its thread changed between reading the page and joining the room', async () => {
    const { author, category, thread, room } = await setting()
    const other = await makeThread(db.sql, author, category.slug)
    const page = await getThreadPage(db.sql, null, thread.threadId, { page: 1 })
    const mark = page.thread.liveMark
    // News of another thread is not news of this one.
    await replyToThread(db.sql, author, other.threadId, 'elsewhere')
    expect(await join(await open(), room, 1, mark)).toEqual({ ok: true, changed: false, missed: [], more: false })
    expect(await join(await open(), 'home', undefined, mark)).toEqual({ ok: true, changed: false })

    // A "me too" is not a post: only the mark tells the page it is stale.
    await setMeToo(db.sql, await makeUser(db.sql), thread.threadId, true)
    expect(await join(await open(), room, 1, mark)).toEqual({ ok: true, changed: true, missed: [], more: false })
    const fresh = await getThreadPage(db.sql, null, thread.threadId, { page: 1 })
    expect(fresh.thread.meTooCount).toBe(1)
    expect(await join(await open(), room, 1, fresh.thread.liveMark)).toMatchObject({ ok: true, changed: false })

    // A new thread changes the home page read before it.
    await startThread(db.sql, author, { category: category.slug, title: 'Started after the home page was read', body: 'x' })
    expect(await join(await open(), 'home', undefined, mark)).toEqual({ ok: true, changed: true })
    expect(await join(await open(), 'home', undefined, 'soon')).toEqual({ ok: false, error: 'bad_request' })
  })

  it('says when a reader missed more than a page, so the page offers a reload', async () => {
    const { author, thread, room } = await setting()
    for (let i = 0; i < 21; i++) await replyToThread(db.sql, author, thread.threadId, `reply ${i}`)
    const result = await join(await open(), room, 1)
    expect(result.missed).toHaveLength(20)
    expect(result.more).toBe(true)
  })

  it('refuses rooms the reader may not see, and bad requests, with no events after', async () => {
    const { author, category, room } = await setting()
    const gone = await makeThread(db.sql, author, category.slug)
    await db.sql`update threads set deleted_at = now() where id = ${gone.threadId}`
    const member = await openAs(await makeUser(db.sql))
    const heard = record(member)
    expect(await join(member, 'staff')).toEqual({ ok: false, error: 'forbidden' })
    expect(await join(member, 'product')).toEqual({ ok: false, error: 'forbidden' })
    expect(await join(member, `thread:${gone.threadId}`)).toEqual({ ok: false, error: 'not_found' })
    expect(await join(member, 'thread:424242424')).toEqual({ ok: false, error: 'not_found' })
    expect(await join(member, 'thread:abc')).toEqual({ ok: false, error: 'not_found' })
    expect(await join(member, { room: 1 })).toEqual({ ok: false, error: 'not_found' })
    expect(await join(member, room, 'yesterday')).toEqual({ ok: false, error: 'bad_request' })
    expect(await join(member, 'home', 3)).toEqual({ ok: false, error: 'bad_request' })
    await startThread(db.sql, author, { category: category.slug, title: 'Deleted thread news', body: 'x' })
    await settle()
    expect(heard).toEqual([])

    const staff = await openAs(await makeUser(db.sql, { role: 'staff' }))
    expect(await join(staff, 'staff')).toEqual({ ok: true })
    expect(await join(staff, `thread:${gone.threadId}`)).toEqual({ ok: true })
  })

  it('sends a deletion as ids only; each reader refetches what they may see', async () => {
    const { author, thread, room } = await setting()
    const reply = await replyToThread(db.sql, author, thread.threadId, 'a reply with private details')
    const reader = await open()
    await join(reader, room)
    const heard = record(reader)
    await deletePost(db.sql, await makeUser(db.sql, { role: 'staff' }), reply.postId)
    await until(() => heard.length > 0, 'the deletion')
    expect(heard).toEqual([
      { type: 'post:deleted', id: expect.any(Number), threadId: thread.threadId, postId: reply.postId, postNumber: 2 },
    ])
    const page = await (await fetch(`${forum.url}/t/${thread.threadId}/${thread.slug}`)).text()
    expect(page).toContain('This post was deleted.')
    expect(page).not.toContain('private details')
  })

  it('sends internal notes only to staff and product teams', async () => {
    const { author, category } = await setting()
    const idea = await startThread(db.sql, author, {
      category: category.slug,
      title: 'Dark mode for reports',
      body: 'Please',
      kind: 'idea',
    })
    const product = await makeUser(db.sql, { role: 'product' })
    const [member, team] = [await openAs(author), await openAs(product)]
    for (const socket of [member, team]) await join(socket, `thread:${idea.threadId}`)
    expect(await join(team, 'product')).toEqual({ ok: true })
    const [toMember, toTeam] = [record(member), record(team)]
    await addInternalNote(db.sql, product, idea.threadId, 'Three enterprise customers asked for this')
    await until(() => toTeam.length > 0, 'the note')
    await settle()
    expect(toTeam).toEqual([{ type: 'idea:noteAdded', id: expect.any(Number), threadId: idea.threadId }])
    expect(toMember).toEqual([])
  })
})

describe('when the server stops hearing the database', () => {
  it('tells its pages to resync once it listens again, and goes on delivering', async () => {
    const { author, thread, room } = await setting()
    const reader = await open()
    await join(reader, room)
    const resynced = new Promise((resolve) => reader.once('resync', resolve))
    // The forum's listening connection drops, as when PostgreSQL restarts or a proxy cuts it.
    await db.sql`select pg_terminate_backend(pid) from pg_stat_activity
                 where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`
    await resynced
    const heard = record(reader)
    await replyToThread(db.sql, author, thread.threadId, 'after the drop')
    await until(() => heard.length > 0, 'a reply after the drop')
    expect(heard).toEqual([expect.objectContaining({ type: 'post:created', postNumber: 2 })])
  })
})

describe('live lists', () => {
  it('tells the home page, the category and the board of a new thread', async () => {
    const { author, category } = await setting()
    const [home, inCategory, board] = [await open(), await open(), await open()]
    expect(await join(home, 'home')).toEqual({ ok: true })
    expect(await join(inCategory, `category:${category.id}`)).toEqual({ ok: true })
    expect(await join(board, 'ideas')).toEqual({ ok: true })
    expect(await join(board, 'category:424242424')).toEqual({ ok: false, error: 'not_found' })
    const [a, b, c] = [record(home), record(inCategory), record(board)]
    const idea = await startThread(db.sql, author, { category: category.slug, title: 'An idea for everyone', body: 'x', kind: 'idea' })
    await until(() => a.length > 0 && b.length > 0 && c.length > 0, 'the new thread')
    for (const heard of [a, b, c]) expect(heard).toEqual([expect.objectContaining({ type: 'thread:created', threadId: idea.threadId })])
  })
})

describe('staff rearranging lists', () => {
  it('tell the home page and both categories when a thread is pinned or moved', async () => {
    const { category, thread } = await setting()
    const elsewhere = await makeCategory(db.sql, { allowedKinds: ['question', 'discussion', 'idea'] })
    const staff = await makeUser(db.sql, { role: 'staff' })
    const [home, from, to] = [await open(), await open(), await open()]
    await join(home, 'home')
    await join(from, `category:${category.id}`)
    await join(to, `category:${elsewhere.id}`)
    const [a, b, c] = [record(home), record(from), record(to)]
    await pinThread(db.sql, staff, thread.threadId, { pinned: 'category' })
    await moveThread(db.sql, staff, thread.threadId, { category: elsewhere.slug })
    await until(() => a.length >= 2 && b.length >= 2 && c.length >= 1, 'the pin and the move')
    expect(a.map((e) => e.type)).toEqual(['thread:pinned', 'thread:moved'])
    expect(b.map((e) => e.type)).toEqual(['thread:pinned', 'thread:moved'])
    expect(c.map((e) => e.type)).toEqual(['thread:moved'])
  })
})

describe('who is here', () => {
  it('counts the readers of a thread, a member with two tabs once', async () => {
    const { room } = await setting()
    const member = await makeUser(db.sql)
    const [tab1, tab2, visitor] = [await openAs(member), await openAs(member), await open()]
    const counts = record<{ room: string; readers: number }>(visitor, 'presence')
    for (const socket of [tab1, tab2, visitor]) await join(socket, room)
    await until(() => counts.at(-1)?.readers === 2, 'a count of two readers')
    tab1.disconnect()
    tab2.disconnect()
    await until(() => counts.at(-1)?.readers === 1, 'a count of one reader')
    expect(counts.every((c) => c.room === room)).toBe(true)
  })

  it("shows who is typing to the thread's other readers, never visitors' keystrokes", async () => {
    const { author, room, thread } = await setting()
    const [typist, reader, visitor] = [await openAs(author), await open(), await open()]
    for (const socket of [typist, reader, visitor]) await join(socket, room)
    const [seenByReader, seenByTypist] = [record(reader, 'typing'), record(typist, 'typing')]
    visitor.emit('typing', thread.threadId)
    typist.emit('typing', thread.threadId)
    typist.emit('typing', thread.threadId)
    await until(() => seenByReader.length > 0, 'the typing news')
    await settle()
    expect(seenByReader).toEqual([{ threadId: thread.threadId, username: author.username }])
    expect(seenByTypist).toEqual([])
  })

  it('refuses a socket opened by a page on another site', async () => {
    await expect(open({ Origin: 'https://evil.example' })).rejects.toBeTruthy()
  })
})
