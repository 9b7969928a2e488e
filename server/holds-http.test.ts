import { describe, expect, it } from 'vitest'

import { approvePost } from '../app/domain/moderation/moderation.server'
import { updateSettings } from '../app/domain/settings/settings.server'
import { replyToThread, setLocked } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db)

const NOTICE = 'Waiting for a moderator: new members’ first posts are reviewed before they appear.'

async function scene() {
  const author = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, author, category.slug, { title: 'How do I reset my router' })
  const newcomer = await makeUser(db.sql, { trusted: false })
  const member = await makeUser(db.sql)
  const staff = await makeUser(db.sql, { role: 'staff' })
  return {
    author,
    category,
    thread,
    newcomer,
    member,
    staff,
    path: `/t/${thread.threadId}/${thread.slug}`,
    newcomerCookie: await signIn(forum.url, newcomer.username, TEST_PASSWORD),
    memberCookie: await signIn(forum.url, member.username, TEST_PASSWORD),
    staffCookie: await signIn(forum.url, staff.username, TEST_PASSWORD),
  }
}

const page = async (path: string, cookie?: string) => {
  const response = await fetch(forum.url + path, { headers: cookie ? { cookie } : {} })
  return { status: response.status, text: await response.text() }
}

const postRow = async (id: number) =>
  (await db.sql`select post_number, held_at is not null as held, deleted_at is not null as deleted from posts where id = ${id}`)[0]

const threadCounts = async (id: number) =>
  (await db.sql`select last_post_number, reply_count from threads where id = ${id}`)[0] as { lastPostNumber: number; replyCount: number }

const auditCount = async () => (await db.sql`select count(*)::int as n from audit_log`)[0].n as number

describe('newcomer holds over HTTP', () => {
  it('holds a newcomer’s first two replies: unnumbered, seen only by their author (with a notice) and staff', async () => {
    const s = await scene()
    const before = await threadCounts(s.thread.threadId)
    const posted = await postForm(forum.url, s.path, { intent: 'reply', body: 'Unplug it for **ten seconds** first.' }, s.newcomerCookie)
    expect(posted.status).toBe(302)
    const [held] = await db.sql`select id from posts where author_id = ${s.newcomer.id}`
    expect(posted.headers.get('location')).toBe(`${s.path}?held=${held.id}#held-${held.id}`)
    expect(await postRow(held.id)).toEqual({ postNumber: null, held: true, deleted: false })
    expect(await threadCounts(s.thread.threadId)).toEqual(before)
    // No public news of it: only the staff queue's count.
    const events = await db.sql`select type from outbox where payload->>'postId' = ${String(held.id)}`
    expect(events).toEqual([])
    const [queueNews] = await db.sql`select payload from outbox where type = 'mod:queue' order by id desc limit 1`
    expect(queueNews.payload.waiting).toBeGreaterThanOrEqual(1)

    const own = await page(s.path, s.newcomerCookie)
    expect(own.text).toContain('ten seconds')
    expect(own.text).toContain(NOTICE)
    for (const reader of [undefined, s.memberCookie]) {
      const other = await page(s.path, reader)
      expect(other.status).toBe(200)
      expect(other.text).not.toContain('ten seconds')
      expect(other.text).not.toContain(NOTICE)
    }
    const profile = await page(`/u/${s.newcomer.username}`)
    expect(profile.text).not.toContain('How do I reset my router')
    const staffView = await page(s.path, s.staffCookie)
    expect(staffView.text).toContain('ten seconds')
    const queue = await page('/mod', s.staffCookie)
    expect(queue.text).toContain('Held: new member')
    expect(queue.text).toContain('ten seconds')

    // The second is held too; approving gives each the next number and counts it.
    await postForm(forum.url, s.path, { intent: 'reply', body: 'Then check the lights.' }, s.newcomerCookie)
    const [, second] = await db.sql`select id from posts where author_id = ${s.newcomer.id} order by id`
    expect((await postRow(second.id)).held).toBe(true)
    const approved = await postForm(forum.url, '/mod', { intent: 'approve', postId: String(held.id) }, s.staffCookie)
    expect(approved.status).toBe(200)
    expect(await postRow(held.id)).toEqual({ postNumber: before.lastPostNumber + 1, held: false, deleted: false })
    expect(await threadCounts(s.thread.threadId)).toEqual({
      lastPostNumber: before.lastPostNumber + 1,
      replyCount: before.replyCount + 1,
    })
    const created = await db.sql`select payload from outbox where type = 'post:created' and payload->>'postId' = ${String(held.id)}`
    expect(created).toHaveLength(1)
    expect((await page(s.path)).text).toContain('ten seconds')
    expect((await db.sql`select trusted_at from users where id = ${s.newcomer.id}`)[0].trustedAt).toBeNull()

    await approvePost(db.sql, s.staff, second.id)
    expect((await postRow(second.id)).postNumber).toBe(before.lastPostNumber + 2)
    // Two approved: trusted, so the third is public at once.
    expect((await db.sql`select trusted_at from users where id = ${s.newcomer.id}`)[0].trustedAt).not.toBeNull()
    const third = await postForm(forum.url, s.path, { intent: 'reply', body: 'It works now, thanks.' }, s.newcomerCookie)
    expect(third.headers.get('location')).toBe(`${s.path}/${before.lastPostNumber + 3}#post-${before.lastPostNumber + 3}`)
    expect((await page(s.path)).text).toContain('It works now, thanks.')
  })

  it('writes one audit row for each approval or deletion of a held post', async () => {
    const s = await scene()
    const first = await replyToThread(db.sql, s.newcomer, s.thread.threadId, 'A held reply to approve')
    const second = await replyToThread(db.sql, s.newcomer, s.thread.threadId, 'A held reply to delete')
    expect(first.held && second.held).toBe(true)
    const before = await auditCount()
    await postForm(forum.url, '/mod', { intent: 'approve', postId: String(first.postId) }, s.staffCookie)
    expect(await auditCount()).toBe(before + 1)
    const deleted = await postForm(
      forum.url,
      '/mod',
      { intent: 'delete', postId: String(second.postId), reason: 'Advertising' },
      s.staffCookie,
    )
    expect(deleted.status).toBe(200)
    expect(await auditCount()).toBe(before + 2)
    const rows =
      await db.sql`select action, reason from audit_log where target_id in ${db.sql([String(first.postId), String(second.postId)])} order by id`
    expect(rows).toEqual([
      { action: 'post:approved', reason: null },
      { action: 'post:deleted', reason: 'Advertising' },
    ])
    expect(await postRow(second.postId)).toMatchObject({ deleted: true, postNumber: null })
    expect((await page('/mod', s.staffCookie)).text).not.toContain('A held reply to delete')
    expect((await page(s.path, s.newcomerCookie)).text).not.toContain('A held reply to delete')
  })

  it('refuses a member forging approve or delete of a held post with 403, changing nothing', async () => {
    const s = await scene()
    const held = await replyToThread(db.sql, s.newcomer, s.thread.threadId, 'Someone else’s held reply')
    const before = await auditCount()
    for (const path of ['/mod', s.path]) {
      for (const intent of ['approve', 'delete']) {
        const forged = await postForm(forum.url, path, { intent, postId: String(held.postId) }, s.memberCookie)
        // The thread page answers as for a post the member cannot see; the queue refuses anyone but staff.
        expect([403, 404]).toContain(forged.status)
        if (path === '/mod') expect(forged.status).toBe(403)
      }
    }
    expect(await postRow(held.postId)).toEqual({ postNumber: null, held: true, deleted: false })
    expect(await auditCount()).toBe(before)
  })

  it('holds a newcomer’s new thread: unlisted and unreadable to others until approved, then started like any thread', async () => {
    const s = await scene()
    const started = await postForm(
      forum.url,
      '/new',
      { category: s.category.slug, kind: 'question', title: 'Newcomer question about invoices', body: 'Where are my invoices?' },
      s.newcomerCookie,
    )
    expect(started.status).toBe(302)
    const [thread] = await db.sql`select id, slug, held_at from threads where author_id = ${s.newcomer.id}`
    expect(thread.heldAt).not.toBeNull()
    const path = `/t/${thread.id}/${thread.slug}`
    expect((await page(path, s.newcomerCookie)).text).toContain(NOTICE)
    expect((await page(path)).status).toBe(404)
    expect((await page(path, s.memberCookie)).status).toBe(404)
    expect((await page(`/c/${s.category.slug}`, s.memberCookie)).text).not.toContain('Newcomer question about invoices')
    expect((await page('/search?q=invoices')).text).not.toContain('Newcomer question about invoices')
    expect((await postForm(forum.url, path, { intent: 'reply', body: 'me too' }, s.memberCookie)).status).toBe(404)
    const counts = async () => (await db.sql`select thread_count from categories where id = ${s.category.id}`)[0].threadCount as number
    const countBefore = await counts()

    const [opening] = await db.sql`select id from posts where thread_id = ${thread.id}`
    expect((await postForm(forum.url, '/mod', { intent: 'approve', postId: String(opening.id) }, s.staffCookie)).status).toBe(200)
    expect(await counts()).toBe(countBefore + 1)
    expect(await db.sql`select 1 from outbox where type = 'thread:created' and payload->>'threadId' = ${String(thread.id)}`).toHaveLength(1)
    const visitor = await page(path)
    expect(visitor.status).toBe(200)
    expect(visitor.text).toContain('Where are my invoices?')
    expect((await page(`/c/${s.category.slug}`)).text).toContain('Newcomer question about invoices')
  })

  it('never holds staff or product teams, and holds nobody when the setting is 0', async () => {
    const s = await scene()
    for (const role of ['staff', 'product', 'admin'] as const) {
      const user = await makeUser(db.sql, { role, trusted: false })
      expect((await replyToThread(db.sql, user, s.thread.threadId, `A ${role} reply`)).held).toBe(false)
    }
    const admin = await makeUser(db.sql, { role: 'admin' })
    await updateSettings(db.sql, admin, { newMemberHeldPosts: 0 })
    try {
      const reply = await replyToThread(db.sql, s.newcomer, s.thread.threadId, 'Not held while holds are off')
      expect(reply.held).toBe(false)
      expect(reply.postNumber).toBeGreaterThan(1)
    } finally {
      await updateSettings(db.sql, admin, { newMemberHeldPosts: 2 })
    }
  })

  it('refuses more than two links from a member not yet trusted with a 400 on the body, storing nothing', async () => {
    const s = await scene()
    const body = 'See https://a.example.test and [b](https://b.example.test) and <https://c.example.test>'
    const countPosts = async () => (await db.sql`select count(*)::int as n from posts`)[0].n as number
    const before = await countPosts()
    const refused = await postForm(forum.url, s.path, { intent: 'reply', body }, s.newcomerCookie)
    expect(refused.status).toBe(400)
    const text = await refused.text()
    expect(text).toContain('New members can include at most 2 links in a post.')
    // The typed text comes back in the form.
    expect(text).toContain('b.example.test')
    expect(await countPosts()).toBe(before)
    const started = await postForm(forum.url, '/new', { category: s.category.slug, title: 'Many links here', body }, s.newcomerCookie)
    expect(started.status).toBe(400)
    expect(await started.text()).toContain('New members can include at most 2 links in a post.')
    expect(await countPosts()).toBe(before)
    // Two links are fine (held, as a newcomer's post); trusted members have no limit.
    expect(
      (await postForm(forum.url, s.path, { intent: 'reply', body: 'https://a.example.test https://b.example.test' }, s.newcomerCookie))
        .status,
    ).toBe(302)
    const trusted = await postForm(forum.url, s.path, { intent: 'reply', body }, s.memberCookie)
    expect(trusted.status).toBe(302)
  })

  it('keeps a lock’s reason in its audit row and shows it on the thread', async () => {
    const s = await scene()
    const locked = await postForm(forum.url, s.path, { intent: 'lock', reason: 'Answered; please start a new thread.' }, s.staffCookie)
    expect(locked.status).toBe(200)
    expect((await page(s.path)).text).toMatch(/Locked by staff: (<!-- -->)?Answered; please start a new thread\./)
    const [row] = await db.sql`select reason from audit_log where action = 'thread:locked' and target_id = ${String(s.thread.threadId)}`
    expect(row.reason).toBe('Answered; please start a new thread.')
    const tooLong = await postForm(forum.url, s.path, { intent: 'unlock', reason: 'x'.repeat(501) }, s.staffCookie)
    expect(tooLong.status).toBe(400)
    await setLocked(db.sql, s.staff, s.thread.threadId, false)
    expect((await page(s.path)).text).not.toContain('Locked by staff')
    expect(
      (await page('/admin/audit', await signIn(forum.url, (await makeUser(db.sql, { role: 'admin' })).username, TEST_PASSWORD))).text,
    ).toContain('Answered; please start a new thread.')
  })
})
