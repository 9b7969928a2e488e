import { describe, expect, it } from 'vitest'

import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

/* Staff thread tools over HTTP: forged requests refused, the tools at work, and a merged thread's addresses. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const post = (path: string, fields: Record<string, string>, cookie?: string) => postForm(forum.url, path, fields, cookie)
const get = (path: string, cookie?: string) => fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })

async function scene() {
  const staff = await makeUser(db.sql, { role: 'staff' })
  const member = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const other = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, member, category.slug, { title: 'A thread staff will tend' })
  const target = await makeThread(db.sql, member, category.slug, { title: 'The thread it duplicates' })
  return {
    staff,
    member,
    category,
    other,
    thread,
    target,
    path: `/t/${thread.threadId}/${thread.slug}`,
    staffCookie: await signIn(forum.url, staff.username, TEST_PASSWORD),
    memberCookie: await signIn(forum.url, member.username, TEST_PASSWORD),
  }
}

async function state(ids: number[]) {
  return db.sql`
    select t.id, t.category_id, t.pinned, t.duplicate_of_id, t.locked_at, t.merged_into_id, t.last_post_number,
      (select count(*)::int from posts p where p.thread_id = t.id) as posts,
      (select count(*)::int from audit_log a where a.target_type = 'thread' and a.target_id = t.id::text) as audits
    from threads t where t.id = any(${ids}::bigint[]) order by t.id`
}

describe('staff thread tools over HTTP', () => {
  it('refuses every tool a member forges with a 403, changing nothing', async () => {
    const s = await scene()
    const before = await state([s.thread.threadId, s.target.threadId])
    const forged: Record<string, string>[] = [
      { intent: 'pin', pinned: 'global', reason: 'me first' },
      { intent: 'move', category: s.other.slug, reason: '' },
      { intent: 'closeDuplicate', duplicateOf: String(s.target.threadId) },
      { intent: 'reopenDuplicate' },
      { intent: 'mergeThread', into: `${forum.url}/t/${s.target.threadId}/${s.target.slug}` },
    ]
    for (const fields of forged) {
      const response = await post(s.path, fields, s.memberCookie)
      expect(response.status, fields.intent).toBe(403)
    }
    expect(await state([s.thread.threadId, s.target.threadId])).toEqual(before)
    // The tools are not on a member's page at all.
    expect(await (await get(s.path, s.memberCookie)).text()).not.toContain('Staff tools')
  })

  it('lets staff pin, move and close as duplicate, each field error beside its field', async () => {
    const s = await scene()
    const page = await (await get(s.path, s.staffCookie)).text()
    expect(page).toContain('Staff tools')
    expect((await post(s.path, { intent: 'pin', pinned: 'category', reason: 'FAQ' }, s.staffCookie)).status).toBe(200)
    const list = await (await get(`/c/${s.category.slug}`)).text()
    expect(list.indexOf('A thread staff will tend')).toBeLessThan(list.indexOf('The thread it duplicates'))
    expect(list).toContain('Pinned')

    const bad = await post(s.path, { intent: 'closeDuplicate', duplicateOf: 'not a link' }, s.staffCookie)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Paste a thread link')
    const closed = await post(s.path, { intent: 'closeDuplicate', duplicateOf: String(s.target.threadId) }, s.staffCookie)
    expect(closed.status).toBe(200)
    const shown = await (await get(s.path)).text()
    expect(shown).toContain('Closed as a duplicate of')
    expect(shown).toContain(`/t/${s.target.threadId}/${s.target.slug}`)

    expect((await post(s.path, { intent: 'move', category: s.other.slug }, s.staffCookie)).status).toBe(200)
    // The address has no category in it: it still serves the thread, now in its new category.
    const moved = await get(s.path)
    expect(moved.status).toBe(200)
    expect(await moved.text()).toContain(s.other.name)
    expect((await state([s.thread.threadId]))[0]).toMatchObject({ categoryId: s.other.id, pinned: 'category', audits: 3 })
  })

  it('merges a thread and redirects its old addresses (301) to the target, at each post’s new number', async () => {
    const s = await scene()
    await replyToThread(db.sql, s.member, s.target.threadId, 'Target reply two')
    await replyToThread(db.sql, s.staff, s.thread.threadId, 'Source reply two')
    await replyToThread(db.sql, s.member, s.thread.threadId, 'Source reply three')
    const merged = await post(s.path, { intent: 'mergeThread', into: String(s.target.threadId), reason: 'Same thing' }, s.staffCookie)
    expect(merged.status).toBe(302)
    const targetPath = `/t/${s.target.threadId}/${s.target.slug}`
    expect(merged.headers.get('location')).toBe(`${targetPath}/3#post-3`)

    const old = await get(s.path)
    expect(old.status).toBe(301)
    expect(old.headers.get('location')).toBe(targetPath)
    const oldPost = await get(`${s.path}/3`)
    expect(oldPost.status).toBe(301)
    expect(oldPost.headers.get('location')).toBe(`${targetPath}/5`)
    // Any slug, and a post number past the old thread's end, still lead to the target.
    expect((await get(`/t/${s.thread.threadId}/old-title/2`)).headers.get('location')).toBe(`${targetPath}/4`)
    expect((await get(`/t/${s.thread.threadId}/x/99`)).headers.get('location')).toBe(targetPath)
    const landed = await (await get(`${targetPath}/5`)).text()
    expect(landed).toContain('Source reply three')
    // The target's own numbers never change.
    const numbers = await db.sql`select post_number, markdown from posts where thread_id = ${s.target.threadId} order by post_number`
    expect(numbers.slice(0, 2).map((p) => p.markdown)).toEqual(['The opening post of a test thread.', 'Target reply two'])
    expect(await (await get(`/c/${s.category.slug}`)).text()).not.toContain('A thread staff will tend')
    expect((await state([s.thread.threadId]))[0]).toMatchObject({ mergedIntoId: s.target.threadId, posts: 0, audits: 1 })
  })
})
