import { describe, expect, it } from 'vitest'

import { addInternalNote } from '../app/domain/ideas/ideas.server'
import { replyToThread, startThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

/* The board over HTTP: forged requests refused, notes kept inside, exports for product teams. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const post = (path: string, fields: Record<string, string>, cookie?: string) => postForm(forum.url, path, fields, cookie)

async function scene() {
  const ideas = await makeCategory(db.sql, { slug: `ideas-${Math.random().toString(36).slice(2, 8)}`, allowedKinds: ['idea'] })
  const member = await makeUser(db.sql)
  const product = await makeUser(db.sql, { role: 'product' })
  const idea = await startThread(db.sql, member, { category: ideas.slug, title: 'Offline mode for the app', body: 'Please.' })
  const other = await startThread(db.sql, member, { category: ideas.slug, title: 'Offline mode, again', body: 'Same.' })
  const support = await makeThread(db.sql, member, (await makeCategory(db.sql)).slug)
  return {
    member,
    product,
    idea,
    other,
    support,
    path: `/t/${idea.threadId}/${idea.slug}`,
    memberCookie: await signIn(forum.url, member.username, TEST_PASSWORD),
    productCookie: await signIn(forum.url, product.username, TEST_PASSWORD),
  }
}

async function ideaState(id: number) {
  const [row] = await db.sql`
    select idea_status, merged_into_id,
      (select count(*)::int from idea_links where idea_id = ${id}) as links,
      (select count(*)::int from idea_notes where idea_id = ${id}) as notes,
      (select count(*)::int from threads where promoted_from_id is not null) as promoted
    from threads where id = ${id}`
  return row
}

describe('the innovation board over HTTP', () => {
  it('refuses every triage request a member forges, changing nothing', async () => {
    const s = await scene()
    const before = await ideaState(s.idea.threadId)
    const forged: Record<string, string>[] = [
      { intent: 'status', status: 'planned', note: '' },
      { intent: 'status', status: 'shipped', note: 'Shipped for real, trust me.' },
      { intent: 'merge', thread: String(s.other.threadId) },
      { intent: 'link', thread: String(s.support.threadId) },
      { intent: 'unlink', threadId: String(s.support.threadId) },
      { intent: 'note', body: 'I am staff now' },
    ]
    for (const fields of forged) {
      const response = await post(s.path, fields, s.memberCookie)
      expect(response.status, fields.intent).toBe(403)
    }
    const promote = await post(
      `/t/${s.support.threadId}/${s.support.slug}`,
      { intent: 'promote', title: 'Promoted by a member', body: 'A well-formed summary, so only the permission refuses it.' },
      s.memberCookie,
    )
    expect(promote.status).toBe(403)
    expect(await ideaState(s.idea.threadId)).toEqual(before)
    const csv = await fetch(`${forum.url}/ideas.csv`, { headers: { Cookie: s.memberCookie } })
    expect(csv.status).toBe(403)
    const triage = await fetch(`${forum.url}/ideas/triage`, { headers: { Cookie: s.memberCookie } })
    expect(triage.status).toBe(403)
  })

  it('lets product teams triage, but not moderate', async () => {
    const s = await scene()
    expect((await post(s.path, { intent: 'status', status: 'planned', note: 'On the roadmap for Q3.' }, s.productCookie)).status).toBe(200)
    expect(
      (await post(s.path, { intent: 'link', thread: `${forum.url}/t/${s.support.threadId}/${s.support.slug}` }, s.productCookie)).status,
    ).toBe(200)
    expect((await post(s.path, { intent: 'status', status: 'declined', note: '' }, s.productCookie)).status).toBe(400)
    const state = await ideaState(s.idea.threadId)
    expect(state).toMatchObject({ ideaStatus: 'planned', links: 1 })
    // Moderation is for staff: product people cannot lock threads or change others' posts.
    const supportPath = `/t/${s.support.threadId}/${s.support.slug}`
    expect((await post(supportPath, { intent: 'lock' }, s.productCookie)).status).toBe(403)
    const reply = await replyToThread(db.sql, s.member, s.support.threadId, 'a member reply')
    expect((await post(supportPath, { intent: 'delete', postId: String(reply.postId) }, s.productCookie)).status).toBe(403)
    const edit = await post(`/p/${reply.postId}/edit`, { body: 'rewritten by product' }, s.productCookie)
    expect(edit.status).toBe(403)
    const [row] = await db.sql`select markdown, deleted_at from posts where id = ${reply.postId}`
    expect(row).toEqual({ markdown: 'a member reply', deletedAt: null })
  })

  it('never shows internal notes to members or visitors, and exports CSV for product', async () => {
    const s = await scene()
    await addInternalNote(db.sql, s.product, s.idea.threadId, 'Secret roadmap detail: codename Falcon.')
    const asMember = await (await fetch(forum.url + s.path, { headers: { Cookie: s.memberCookie } })).text()
    const asVisitor = await (await fetch(forum.url + s.path)).text()
    const asProduct = await (await fetch(forum.url + s.path, { headers: { Cookie: s.productCookie } })).text()
    expect(asMember).not.toContain('Falcon')
    expect(asVisitor).not.toContain('Falcon')
    expect(asProduct).toContain('codename Falcon')
    const csv = await fetch(`${forum.url}/ideas.csv`, { headers: { Cookie: s.productCookie } })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const text = await csv.text()
    expect(text.split('\r\n')[0]).toBe('title,status,votes,customers affected,linked threads,link')
    expect(text).toContain(`Offline mode for the app,New,0,1,0,`)
    expect(text).not.toContain('Falcon')
  })

  it('lets only admins change the vote budget, auditing each change', async () => {
    const s = await scene()
    const admin = await makeUser(db.sql, { role: 'admin' })
    const adminCookie = await signIn(forum.url, admin.username, TEST_PASSWORD)
    expect((await post('/admin', { voteBudget: '3' }, s.memberCookie)).status).toBe(403)
    expect((await post('/admin', { voteBudget: 'lots' }, adminCookie)).status).toBe(400)
    expect((await post('/admin', { voteBudget: '3' }, adminCookie)).status).toBe(200)
    // Triage earlier in this file is audited too; this test is about settings.
    const audit = await db.sql`select action, detail from audit_log where target_type = 'setting' order by id`
    expect(audit).toEqual([{ action: 'setting:changed', detail: { key: 'voteBudget', from: null, to: 3 } }])
    expect((await post('/admin', { voteBudget: '' }, adminCookie)).status).toBe(200)
    const page = await (await fetch(`${forum.url}/admin`, { headers: { Cookie: adminCookie } })).text()
    expect(page).toContain('Audit log')
  })
})
