import { describe, expect, it } from 'vitest'

import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

/* Forged requests against the real server: refused, and nothing changes. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const post = (path: string, fields: Record<string, string>, cookie?: string) => postForm(forum.url, path, fields, cookie)

async function snapshot() {
  const [row] = await db.sql`
    select (select count(*)::int from helpful_votes) as votes,
           (select count(*)::int from me_toos) as me_toos,
           (select count(*)::int from threads where accepted_post_id is not null) as solved,
           (select coalesce(sum(reputation), 0)::int from users) as reputation`
  return row
}

async function scene() {
  const asker = await makeUser(db.sql)
  const answerer = await makeUser(db.sql)
  const member = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, asker, category.slug)
  const reply = await replyToThread(db.sql, answerer, thread.threadId, 'an answer')
  const path = `/t/${thread.threadId}/${thread.slug}`
  return { asker, answerer, member, category, thread, reply, path }
}

describe('forged question requests', () => {
  it('votes as the signed-in user whatever user field the form carries', async () => {
    const { member, reply, path } = await scene()
    const victim = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    const response = await post(
      path,
      { intent: 'helpful', postId: String(reply.postId), value: 'on', userId: String(victim.id), user_id: String(victim.id) },
      cookie,
    )
    expect(response.status).toBe(200)
    const voters = await db.sql`select user_id from helpful_votes where post_id = ${reply.postId}`
    expect(voters.map((v) => v.userId)).toEqual([member.id])
  })

  it("refuses a member accepting an answer on someone else's question", async () => {
    const { member, reply, path } = await scene()
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    const before = await snapshot()
    const response = await post(path, { intent: 'accept', postId: String(reply.postId) }, cookie)
    expect(response.status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses votes on hidden posts, on replies of another thread, and from visitors', async () => {
    const { asker, member, reply, path } = await scene()
    const other = await scene()
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    await db.sql`update posts set hidden_at = now() where id = ${reply.postId}`
    const before = await snapshot()
    expect((await post(path, { intent: 'helpful', postId: String(reply.postId), value: 'on' }, cookie)).status).toBe(404)
    expect((await post(path, { intent: 'helpful', postId: String(other.reply.postId), value: 'on' }, cookie)).status).toBe(404)
    const askerCookie = await signIn(forum.url, asker.username, TEST_PASSWORD)
    expect((await post(path, { intent: 'accept', postId: String(other.reply.postId) }, askerCookie)).status).toBe(404)
    expect((await post(path, { intent: 'helpful', postId: 'abc', value: 'on' }, cookie)).status).toBe(404)
    const visitor = await post(path, { intent: 'helpful', postId: String(other.reply.postId), value: 'on' })
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toMatch(/^\/login\?next=/)
    expect(await snapshot()).toEqual(before)
  })

  it("refuses voting on your own reply and deleting someone else's", async () => {
    const { answerer, member, reply, path } = await scene()
    const before = await snapshot()
    const own = await post(
      path,
      { intent: 'helpful', postId: String(reply.postId), value: 'on' },
      await signIn(forum.url, answerer.username, TEST_PASSWORD),
    )
    expect(own.status).toBe(403)
    const del = await post(
      path,
      { intent: 'delete', postId: String(reply.postId) },
      await signIn(forum.url, member.username, TEST_PASSWORD),
    )
    expect(del.status).toBe(403)
    const [row] = await db.sql`select deleted_at from posts where id = ${reply.postId}`
    expect(row.deletedAt).toBeNull()
    expect(await snapshot()).toEqual(before)
  })

  it('accepts for the asker and redirects to the answer in place', async () => {
    const { asker, reply, path } = await scene()
    const response = await post(
      path,
      { intent: 'accept', postId: String(reply.postId) },
      await signIn(forum.url, asker.username, TEST_PASSWORD),
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`${path}/2#post-2`)
    const html = await (await fetch(forum.url + path)).text()
    expect(html).toContain('Accepted answer by')
    expect(html).toContain('✓ Solved')
  })
})
