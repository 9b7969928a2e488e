import { io as connect, type Socket } from 'socket.io-client'
import { afterEach, describe, expect, it } from 'vitest'

import { startThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

/*
 * Members' and staff categories over HTTP and sockets: what each kind of
 * reader finds of them on pages, lists, search and live news, and what
 * happens when staff move a thread into one or an admin changes who reads it.
 */

const db = setupTestDatabase()
const forum = setupForumServer(db)
const opened: Socket[] = []

afterEach(() => {
  for (const socket of opened.splice(0)) socket.disconnect()
})

const get = (path: string, cookie?: string) => fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })
const text = async (path: string, cookie?: string) => (await get(path, cookie)).text()

function open(cookie?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(forum.url, { transports: ['websocket'], extraHeaders: cookie ? { Cookie: cookie } : {}, reconnection: false })
    opened.push(socket)
    socket.on('connect', () => resolve(socket))
    socket.on('connect_error', reject)
  })
}
const join = (socket: Socket, room: string) =>
  new Promise<{ ok: boolean; error?: string }>((resolve) => socket.emit('join', { room }, resolve))

async function scene() {
  const member = await makeUser(db.sql)
  const staff = await makeUser(db.sql, { role: 'staff' })
  const admin = await makeUser(db.sql, { role: 'admin' })
  const open = await makeCategory(db.sql, { name: 'Open floor' })
  const members = await makeCategory(db.sql, { name: 'Members lounge', readableBy: 'members' })
  const internal = await makeCategory(db.sql, { name: 'Back office', readableBy: 'staff' })
  const word = `zephyr${Date.now().toString(36)}`
  const inMembers = await makeThread(db.sql, member, members.slug, { title: `Members talk about ${word}` })
  const inStaff = await makeThread(db.sql, staff, internal.slug, { title: `Staff plan ${word}` })
  const inOpen = await makeThread(db.sql, member, open.slug, { title: `Everyone asks about ${word}` })
  return {
    member,
    staff,
    admin,
    open,
    members,
    internal,
    word,
    inMembers,
    inStaff,
    inOpen,
    memberCookie: await signIn(forum.url, member.username, TEST_PASSWORD),
    staffCookie: await signIn(forum.url, staff.username, TEST_PASSWORD),
    adminCookie: await signIn(forum.url, admin.username, TEST_PASSWORD),
  }
}

const threadPath = (t: { threadId: number; slug: string }) => `/t/${t.threadId}/${t.slug}`

describe('private categories', () => {
  it('show each reader only what they may read: pages, the home page, search and suggestions', async () => {
    const s = await scene()
    // Search indexes in the background: wait until staff find all three.
    const deadline = Date.now() + 15_000
    const allFound = (page: string) =>
      ['Members talk about', 'Staff plan', 'Everyone asks about'].every((t) => page.includes(`${t} ${s.word}`))
    while (!allFound(await text(`/search?q=${s.word}`, s.staffCookie)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100))
    const readers = { visitor: undefined, member: s.memberCookie, staff: s.staffCookie }
    const expected = {
      visitor: { members: 404, staff: 404 },
      member: { members: 200, staff: 404 },
      staff: { members: 200, staff: 200 },
    }
    for (const [who, cookie] of Object.entries(readers)) {
      const want = expected[who as keyof typeof expected]
      expect((await get(`/c/${s.members.slug}`, cookie)).status, `${who}: members' category`).toBe(want.members)
      expect((await get(threadPath(s.inMembers), cookie)).status, `${who}: members' thread`).toBe(want.members)
      expect((await get(`/c/${s.internal.slug}`, cookie)).status, `${who}: staff category`).toBe(want.staff)
      expect((await get(threadPath(s.inStaff), cookie)).status, `${who}: staff thread`).toBe(want.staff)
      expect((await get(`${threadPath(s.inStaff)}/1`, cookie)).status, `${who}: a staff post's address`).toBe(want.staff)

      const home = await text('/', cookie)
      expect(home.includes('Members lounge'), `${who}: home lists the members' category`).toBe(want.members === 200)
      expect(home.includes(`Members talk about ${s.word}`), `${who}: home lists the members' thread`).toBe(want.members === 200)
      expect(home.includes(`Staff plan ${s.word}`), `${who}: home lists the staff thread`).toBe(want.staff === 200)
      expect(home).toContain(`Everyone asks about ${s.word}`)

      const profile = await text(`/u/${s.member.username}`, cookie)
      expect(profile.includes(`Members talk about ${s.word}`), `${who}: the author's profile lists the members' thread`).toBe(
        want.members === 200,
      )
      expect(profile).toContain(`Everyone asks about ${s.word}`)

      const search = await text(`/search?q=${s.word}`, cookie)
      expect(search.includes(`Members talk about ${s.word}`), `${who}: search finds the members' thread`).toBe(want.members === 200)
      expect(search.includes(`Staff plan ${s.word}`), `${who}: search finds the staff thread`).toBe(want.staff === 200)
      expect(search).toContain(`Everyone asks about ${s.word}`)
      const similar = await (await get(`/search/similar?title=${s.word}`, cookie)).json()
      const titles = [...similar.answered, ...similar.others].map((t: { title: string }) => t.title)
      expect(titles.includes(`Staff plan ${s.word}`), `${who}: suggestions hold the staff thread`).toBe(want.staff === 200)
    }
    // The staff thread says who reads it.
    expect(await text(threadPath(s.inStaff), s.staffCookie)).toContain('Staff only')
  })

  it("refuses a member's thread in a category they cannot read, and a visitor's socket its rooms", async () => {
    const s = await scene()
    const response = await postForm(
      forum.url,
      '/new',
      { category: s.internal.slug, kind: 'discussion', title: 'Sneaking into the back office', body: 'Hello?' },
      s.memberCookie,
    )
    expect(response.status).toBe(400)
    const [{ n }] = await db.sql<[{ n: number }]>`select count(*)::int as n from threads where title = 'Sneaking into the back office'`
    expect(n).toBe(0)

    const visitor = await open()
    expect(await join(visitor, `category:${s.members.id}`)).toEqual({ ok: false, error: 'not_found' })
    expect(await join(visitor, `thread:${s.inMembers.threadId}`)).toEqual({ ok: false, error: 'not_found' })
    const member = await open(s.memberCookie)
    expect(await join(member, `category:${s.members.id}`)).toEqual({ ok: true })
    expect(await join(member, `thread:${s.inStaff.threadId}`)).toEqual({ ok: false, error: 'not_found' })
  })

  it('tells the home page of a new thread only in the audience that reads it', async () => {
    const s = await scene()
    const [visitor, member, staff] = [await open(), await open(s.memberCookie), await open(s.staffCookie)]
    for (const socket of [visitor, member, staff]) expect(await join(socket, 'home')).toEqual({ ok: true })
    const heard = new Map<Socket, number[]>([visitor, member, staff].map((socket) => [socket, []]))
    for (const [socket, list] of heard) socket.on('forum', (event: { type: string; threadId: number }) => list.push(event.threadId))
    const inMembers = await startThread(db.sql, s.member, { category: s.members.slug, title: 'Fresh members news', body: 'x' })
    const inStaff = await startThread(db.sql, s.staff, { category: s.internal.slug, title: 'Fresh staff news', body: 'x' })
    const inOpen = await startThread(db.sql, s.member, { category: s.open.slug, title: 'Fresh public news', body: 'x' })
    const deadline = Date.now() + 3_000
    while (heard.get(staff)!.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, 150))
    expect(heard.get(visitor)).toEqual([inOpen.threadId])
    expect(heard.get(member)).toEqual([inMembers.threadId, inOpen.threadId])
    expect(heard.get(staff)).toEqual([inMembers.threadId, inStaff.threadId, inOpen.threadId])
  })

  it('takes a thread out of public view when staff move it to a staff category, and follows an admin opening a category', async () => {
    const s = await scene()
    const moved = await postForm(forum.url, threadPath(s.inOpen), { intent: 'move', category: s.internal.slug, reason: '' }, s.staffCookie)
    expect(moved.status).toBeLessThan(400)
    expect((await get(threadPath(s.inOpen))).status).toBe(404)
    expect(await text('/')).not.toContain(`Everyone asks about ${s.word}`)
    expect(await text(`/c/${s.open.slug}`)).not.toContain(`Everyone asks about ${s.word}`)

    // A member may not change who reads a category; an admin may, and the log says so.
    const setReaders = (readableBy: string, cookie: string) =>
      postForm(forum.url, '/admin/categories', { intent: 'readability', categoryId: String(s.members.id), readableBy }, cookie)
    expect((await setReaders('everyone', s.memberCookie)).status).toBe(403)
    expect((await get(threadPath(s.inMembers))).status).toBe(404)
    expect((await setReaders('everyone', s.adminCookie)).status).toBe(200)
    expect((await get(threadPath(s.inMembers))).status).toBe(200)
    const audit = await db.sql`select action, detail from audit_log where target_type = 'category' and target_id = ${String(s.members.id)}`
    expect(audit).toEqual([{ action: 'category:readabilityChanged', detail: { from: 'members', to: 'everyone', threads: 1 } }])
    expect((await setReaders('friends', s.adminCookie)).status).toBe(400)
  })
})
