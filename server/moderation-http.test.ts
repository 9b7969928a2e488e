import { io as connect, type Socket } from 'socket.io-client'
import { describe, expect, it } from 'vitest'

import { flagPost, suspendUser } from '../app/domain/moderation/moderation.server'
import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db)

async function scene() {
  const author = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, author, category.slug)
  const reply = await replyToThread(db.sql, author, thread.threadId, 'A reply someone will flag')
  const member = await makeUser(db.sql)
  const staff = await makeUser(db.sql, { role: 'staff' })
  return {
    author,
    thread,
    reply,
    member,
    staff,
    path: `/t/${thread.threadId}/${thread.slug}`,
    memberCookie: await signIn(forum.url, member.username, TEST_PASSWORD),
    staffCookie: await signIn(forum.url, staff.username, TEST_PASSWORD),
  }
}

const state = async (postId: number) =>
  (
    await db.sql`select hidden_at is not null as hidden, (select count(*)::int from flags where post_id = ${postId} and resolved_at is null) as open_flags
                from posts where id = ${postId}`
  )[0]

describe('moderation over HTTP', () => {
  it('refuses every staff action a member forges with 403, changing nothing', async () => {
    const s = await scene()
    await flagPost(db.sql, s.member, s.reply.postId, { reason: 'spam' })
    const before = await state(s.reply.postId)
    const audit = async () => (await db.sql`select count(*)::int as n from audit_log`)[0].n
    const auditBefore = await audit()
    for (const intent of ['hide', 'approve']) {
      expect((await postForm(forum.url, s.path, { intent, postId: String(s.reply.postId) }, s.memberCookie)).status).toBe(403)
      expect((await postForm(forum.url, '/mod', { intent, postId: String(s.reply.postId) }, s.memberCookie)).status).toBe(403)
    }
    expect((await postForm(forum.url, '/mod', { intent: 'delete', postId: String(s.reply.postId) }, s.memberCookie)).status).toBe(403)
    const suspend = { intent: 'suspend', userId: String(s.author.id), days: '7', reason: 'forged' }
    expect((await postForm(forum.url, '/mod', suspend, s.memberCookie)).status).toBe(403)
    expect((await fetch(`${forum.url}/mod`, { headers: { cookie: s.memberCookie } })).status).toBe(403)
    expect(await state(s.reply.postId)).toEqual(before)
    expect(await audit()).toBe(auditBefore)
    expect((await db.sql`select suspended_until from users where id = ${s.author.id}`)[0].suspendedUntil).toBeNull()
  })

  it('lets a member flag a post from its flag page, and staff see it in /mod and approve it', async () => {
    const s = await scene()
    const form = await fetch(`${forum.url}/p/${s.reply.postId}/flag`, { headers: { cookie: s.memberCookie } })
    expect(await form.text()).toMatch(/Flag post #(<!-- -->)?2/)
    const refused = await postForm(forum.url, `/p/${s.reply.postId}/flag`, { reason: 'other' }, s.memberCookie)
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Say what is wrong with the post.')
    const flagged = await postForm(forum.url, `/p/${s.reply.postId}/flag`, { reason: 'off_topic' }, s.memberCookie)
    expect(flagged.status).toBe(302)
    expect(flagged.headers.get('location')).toBe(`${s.path}/2#post-2`)
    const page = await (await fetch(forum.url + s.path, { headers: { cookie: s.memberCookie } })).text()
    expect(page).toContain('You flagged this post.')
    expect(await state(s.reply.postId)).toEqual({ hidden: false, openFlags: 1 })
    const queue = await (await fetch(`${forum.url}/mod`, { headers: { cookie: s.staffCookie } })).text()
    expect(queue).toContain('A reply someone will flag')
    expect(queue).toContain('Off-topic')
    expect((await postForm(forum.url, '/mod', { intent: 'approve', postId: String(s.reply.postId) }, s.staffCookie)).status).toBe(200)
    expect(await state(s.reply.postId)).toEqual({ hidden: false, openFlags: 0 })
  })

  it('ends a suspended member’s session and open socket, and refuses their writes with the reason', async () => {
    const s = await scene()
    const cookie = await signIn(forum.url, s.author.username, TEST_PASSWORD)
    const socket: Socket = await new Promise((resolve, reject) => {
      const opened = connect(forum.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false })
      opened.on('connect', () => resolve(opened))
      opened.on('connect_error', reject)
    })
    const closed = new Promise((resolve) => socket.on('disconnect', resolve))
    await suspendUser(db.sql, s.staff, s.author.id, { days: '3', reason: 'Advertising' })
    await closed

    // The old cookie is a visitor's now.
    const page = await (await fetch(forum.url + s.path, { headers: { cookie } })).text()
    expect(page).not.toContain(`Your profile, ${s.author.username}`)
    expect((await postForm(forum.url, s.path, { intent: 'reply', body: 'still here' }, cookie)).status).toBe(302)

    // Signing in again works; writing does not, and says why.
    const again = await signIn(forum.url, s.author.username, TEST_PASSWORD)
    const refused = await postForm(forum.url, s.path, { intent: 'reply', body: 'still here' }, again)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('Advertising')
    const thread = await (await fetch(forum.url + s.path, { headers: { cookie: again } })).text()
    expect(thread).toMatch(/Your account is suspended until [^<]*: Advertising/)
  })
})
