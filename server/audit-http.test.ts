import { describe, expect, it } from 'vitest'

import { editPost, replyToThread, setLocked } from '../app/domain/threads/write.server'
import { insertAudit } from '../db/queries/audit'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer, signIn } from '../tests/forum-server'

/* The audit log page (admins) and a post's edit history (staff), over HTTP against the real build. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const get = (path: string, cookie?: string) => fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })

/** A page's HTML without what React and Remix add (text-node markers, link attributes), so sentences read as written. */
const html = async (path: string, cookie?: string) =>
  (await (await get(path, cookie)).text()).replaceAll(' data-discover="true"', '').replaceAll('<!-- -->', '')

async function people() {
  const [admin, staff, member] = await Promise.all([
    makeUser(db.sql, { role: 'admin' }),
    makeUser(db.sql, { role: 'staff' }),
    makeUser(db.sql),
  ])
  const [adminCookie, staffCookie, memberCookie] = await Promise.all(
    [admin, staff, member].map((u) => signIn(forum.url, u.username, TEST_PASSWORD)),
  )
  return { admin, staff, member, adminCookie, staffCookie, memberCookie }
}

/** The ids of the entries a page of the log lists, in order. */
const entryIds = (html: string) => [...html.matchAll(/<li data-action="([^"]+)"/g)].map((m) => m[1])

describe('/admin/audit', () => {
  it('asks visitors to sign in and refuses members and staff', async () => {
    const { staffCookie, memberCookie } = await people()
    const visitor = await get('/admin/audit?kind=thread%3Alocked')
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toBe('/login?next=%2Fadmin%2Faudit%3Fkind%3Dthread%253Alocked')
    expect((await get('/admin/audit', memberCookie)).status).toBe(403)
    expect((await get('/admin/audit', staffCookie)).status).toBe(403)
  })

  it('shows who did what to which target, filtered by person, kind and target', async () => {
    const { staff, member, adminCookie } = await people()
    const other = await makeUser(db.sql, { role: 'staff' })
    const category = await makeCategory(db.sql)
    const first = await makeThread(db.sql, member, category.slug, { title: 'Printer will not print' })
    const second = await makeThread(db.sql, member, category.slug, { title: 'Scanner will not scan' })
    await setLocked(db.sql, staff, first.threadId, true)
    await setLocked(db.sql, other, second.threadId, true)
    await setLocked(db.sql, staff, first.threadId, false)

    const all = await html('/admin/audit', adminCookie)
    expect(all).toContain(`${staff.username}</a> locked <a href="/t/${first.threadId}/${first.slug}">Printer will not print</a>`)
    expect(all).toContain(`${other.username}</a> locked <a href="/t/${second.threadId}/${second.slug}">Scanner will not scan</a>`)

    const byStaff = await html(`/admin/audit?actor=${staff.username.toUpperCase()}`, adminCookie)
    expect(entryIds(byStaff)).toEqual(['thread:unlocked', 'thread:locked'])

    const locks = await html('/admin/audit?kind=thread%3Alocked', adminCookie)
    expect(entryIds(locks)).toEqual(['thread:locked', 'thread:locked'])
    expect(locks).toContain('<option value="thread:locked" selected="">thread locked</option>')

    const aboutFirst = await html(`/admin/audit?targetType=thread&targetId=${first.threadId}`, adminCookie)
    expect(entryIds(aboutFirst)).toEqual(['thread:unlocked', 'thread:locked'])
    expect(aboutFirst).not.toContain('Scanner will not scan')

    const nobody = await html('/admin/audit?actor=nobody_at_all', adminCookie)
    expect(nobody).toContain('No entries match these filters.')
  })

  it('answers a malformed filter with its field error, and a malformed page cursor with a 404', async () => {
    const { adminCookie } = await people()
    const bad = await get('/admin/audit?targetType=post&targetId=abc', adminCookie)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Enter a number, e.g. 42 for /t/42.')
    expect((await get('/admin/audit?targetId=12', adminCookie)).status).toBe(400)
    expect((await get('/admin/audit?before=x', adminCookie)).status).toBe(404)
  })

  it('pages by id, 50 at a time, with no entry twice or missed', async () => {
    const { admin, adminCookie } = await people()
    const kind = 'test:paged'
    for (let i = 0; i < 57; i++) {
      await insertAudit(db.sql, { actorId: admin.id, action: kind, target: { type: 'setting', id: `key${i}` }, detail: {} })
    }
    const seen: string[] = []
    let path = `/admin/audit?kind=${encodeURIComponent(kind)}`
    const sizes: number[] = []
    for (;;) {
      const body = await html(path, adminCookie)
      const keys = [...body.matchAll(/<em>key(\d+)<\/em>|>key(\d+)<\/a>/g)].map((m) => m[1] ?? m[2])
      sizes.push(keys.length)
      seen.push(...keys)
      const older = /<a [^>]*rel="next"[^>]*href="([^"]*)"/.exec(body)
      if (!older) break
      path = older[1].replaceAll('&amp;', '&')
      expect(path).toContain('kind=test%3Apaged')
    }
    expect(sizes).toEqual([50, 7])
    expect(seen).toEqual(Array.from({ length: 57 }, (_, i) => String(56 - i)))
  })
})

describe('/p/:id/history', () => {
  async function editedPost() {
    const { staff, member, staffCookie, memberCookie } = await people()
    const category = await makeCategory(db.sql)
    const thread = await makeThread(db.sql, member, category.slug)
    const reply = await replyToThread(db.sql, member, thread.threadId, 'Restart the router and wait a minute.')
    await editPost(db.sql, staff, reply.postId, 'Restart the modem and wait a minute.')
    return { staff, member, staffCookie, memberCookie, thread, reply }
  }

  it('shows staff every version and the words that changed', async () => {
    const { staff, member, staffCookie, reply, thread } = await editedPost()
    expect((await get(`/p/${reply.postId}/history`, staffCookie)).status).toBe(200)
    const body = await html(`/p/${reply.postId}/history`, staffCookie)
    expect(body).toContain('<del>router</del>')
    expect(body).toContain('<ins>modem</ins>')
    expect(body).toContain('Current version')
    expect(body).toContain('Original')
    expect(body).toContain(`by <a href="/u/${staff.username}">${staff.username}</a>`)
    expect(body).toContain(`by <a href="/u/${member.username}">${member.username}</a>`)
    // Staff reach it from the post's "edited" mark; members see the mark alone.
    const page = await html(`/t/${thread.threadId}/${thread.slug}`, staffCookie)
    expect(page).toContain(`href="/p/${reply.postId}/history"`)
  })

  it('refuses members and asks visitors to sign in', async () => {
    const { memberCookie, reply, thread } = await editedPost()
    expect((await get(`/p/${reply.postId}/history`, memberCookie)).status).toBe(403)
    const visitor = await get(`/p/${reply.postId}/history`)
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/p/${reply.postId}/history`)}`)
    const page = await html(`/t/${thread.threadId}/${thread.slug}`, memberCookie)
    expect(page).toContain('>edited</span>')
    expect(page).not.toContain('/history')
    expect((await get('/p/abc/history', memberCookie)).status).toBe(404)
  })
})
