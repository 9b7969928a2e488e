import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { refusal } from '../../../tests/refusal'
import { getThreadPage } from '../pages/thread.server'
import { editPost, replyToThread, setLocked, startThread } from './write.server'

const db = setupTestDatabase()

describe('starting threads', () => {
  it('creates the thread, its opening post as number 1, the counts and an outbox event', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await startThread(db.sql, author, { category: category.slug, title: 'How do exports work?', body: 'Tell me **more**' })
    const [thread] = await db.sql`select * from threads where id = ${ref.threadId}`
    expect(thread).toMatchObject({ kind: 'question', lastPostNumber: 1, replyCount: 0, slug: 'how-do-exports-work' })
    const [post] = await db.sql`select * from posts where thread_id = ${ref.threadId}`
    expect(post).toMatchObject({ postNumber: 1, markdown: 'Tell me **more**', html: '<p>Tell me <strong>more</strong></p>' })
    const [counts] = await db.sql`select thread_count, post_count from categories where id = ${category.id}`
    expect(counts).toEqual({ threadCount: 1, postCount: 1 })
    const events = await db.sql`select type, payload from outbox where payload->>'threadId' = ${String(ref.threadId)}`
    expect(events.map((e) => e.type)).toEqual(['thread:created'])
  })

  it('refuses visitors, unknown categories and kinds the category does not take, writing nothing', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql, { allowedKinds: ['idea'] })
    const before = await db.sql`select count(*)::int as n from threads`
    expect((await refusal(startThread(db.sql, null, { category: category.slug, title: 'Visitor thread', body: 'hello' }))).code).toBe(
      'unauthorized',
    )
    const unknown = await refusal(startThread(db.sql, author, { category: 'no-such-category', title: 'Lost thread', body: 'hello' }))
    expect(unknown.fields.category).toBe('Pick one of the categories listed.')
    const wrongKind = await refusal(
      startThread(db.sql, author, { category: category.slug, kind: 'question', title: 'A question', body: 'hello' }),
    )
    expect(wrongKind.fields.kind).toMatch(/takes ideas only/)
    const after = await db.sql`select count(*)::int as n from threads`
    expect(after[0].n).toBe(before[0].n)
  })
})

describe('replying', () => {
  it('numbers concurrent replies without gaps or duplicates', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const { threadId } = await makeThread(db.sql, author, category.slug)
    const writers = await Promise.all(Array.from({ length: 8 }, () => makeUser(db.sql)))
    await Promise.all(
      writers.flatMap((w, i) => [replyToThread(db.sql, w, threadId, `reply ${i}a`), replyToThread(db.sql, w, threadId, `reply ${i}b`)]),
    )
    const numbers = await db.sql`select post_number from posts where thread_id = ${threadId} order by post_number`
    expect(numbers.map((r) => r.postNumber)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1))
    const [thread] = await db.sql`select last_post_number, reply_count from threads where id = ${threadId}`
    expect(thread).toEqual({ lastPostNumber: 17, replyCount: 16 })
  })

  it('refuses replies to locked threads for members but not staff, and to deleted threads for everyone', async () => {
    const member = await makeUser(db.sql)
    const staff = await makeUser(db.sql, { role: 'staff' })
    const category = await makeCategory(db.sql)
    const { threadId } = await makeThread(db.sql, member, category.slug)
    await setLocked(db.sql, staff, threadId, true)
    const locked = await refusal(replyToThread(db.sql, member, threadId, 'still there?'))
    expect(locked.code).toBe('forbidden')
    expect(locked.message).toMatch(/locked/)
    await replyToThread(db.sql, staff, threadId, 'Closing this one, thanks all.')

    await db.sql`update threads set deleted_at = now() where id = ${threadId}`
    expect((await refusal(replyToThread(db.sql, member, threadId, 'hello'))).code).toBe('not_found')
    expect((await refusal(replyToThread(db.sql, staff, threadId, 'hello'))).code).toBe('forbidden')
    const [thread] = await db.sql`select last_post_number from threads where id = ${threadId}`
    expect(thread.lastPostNumber).toBe(2)
  })

  it('only staff lock threads', async () => {
    const member = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const { threadId } = await makeThread(db.sql, member, category.slug)
    expect((await refusal(setLocked(db.sql, member, threadId, true))).code).toBe('forbidden')
    const [thread] = await db.sql`select locked_at from threads where id = ${threadId}`
    expect(thread.lockedAt).toBeNull()
  })

  it('refuses a reply to a thread that does not exist', async () => {
    const member = await makeUser(db.sql)
    expect((await refusal(replyToThread(db.sql, member, 987654321, 'hello'))).code).toBe('not_found')
  })
})

describe('editing', () => {
  it('keeps the previous text as a revision and marks the post edited', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug, { body: 'first text' })
    await editPost(db.sql, author, ref.postId, 'second *text*', 1)
    const [post] = await db.sql`select markdown, html, revision, edited_at from posts where id = ${ref.postId}`
    expect(post).toMatchObject({ markdown: 'second *text*', html: '<p>second <em>text</em></p>', revision: 2 })
    expect(post.editedAt).toBeInstanceOf(Date)
    const revisions = await db.sql`select revision, markdown, editor_id from post_revisions where post_id = ${ref.postId}`
    expect(revisions).toEqual([{ revision: 1, markdown: 'first text', editorId: author.id }])
  })

  it("lets staff edit anyone's post and refuses other members", async () => {
    const author = await makeUser(db.sql)
    const other = await makeUser(db.sql)
    const staff = await makeUser(db.sql, { role: 'staff' })
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    expect((await refusal(editPost(db.sql, other, ref.postId, 'vandalism'))).code).toBe('forbidden')
    await editPost(db.sql, staff, ref.postId, 'Fixed the formatting.')
    const [post] = await db.sql`select markdown from posts where id = ${ref.postId}`
    expect(post.markdown).toBe('Fixed the formatting.')
  })

  it('refuses an edit made from a stale revision instead of overwriting', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    await editPost(db.sql, author, ref.postId, 'edit from tab one', 1)
    expect((await refusal(editPost(db.sql, author, ref.postId, 'edit from tab two', 1))).code).toBe('conflict')
  })
})

describe('thread pages', () => {
  it('serves posts by number range, 20 a page, and 404s past the end', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const { threadId } = await makeThread(db.sql, author, category.slug)
    for (let i = 0; i < 24; i++) await replyToThread(db.sql, author, threadId, `reply ${i + 1}`)
    const first = await getThreadPage(db.sql, null, threadId, { page: 1 })
    expect(first.posts.map((p) => p.postNumber)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(first.totalPages).toBe(2)
    const second = await getThreadPage(db.sql, null, threadId, { postNumber: 23 })
    expect(second.page).toBe(2)
    expect(second.posts.map((p) => p.postNumber)).toEqual([21, 22, 23, 24, 25])
    expect((await refusal(getThreadPage(db.sql, null, threadId, { page: 3 }))).code).toBe('not_found')
  })

  it('hides a deleted thread from members and visitors but not from staff', async () => {
    const author = await makeUser(db.sql)
    const staff = await makeUser(db.sql, { role: 'staff' })
    const category = await makeCategory(db.sql)
    const { threadId } = await makeThread(db.sql, author, category.slug)
    await db.sql`update threads set deleted_at = now() where id = ${threadId}`
    expect((await refusal(getThreadPage(db.sql, null, threadId, { page: 1 }))).code).toBe('not_found')
    expect((await refusal(getThreadPage(db.sql, author, threadId, { page: 1 }))).code).toBe('not_found')
    expect((await getThreadPage(db.sql, staff, threadId, { page: 1 })).thread.deleted).toBe(true)
  })

  it('shows a hidden post only to its author and staff', async () => {
    const author = await makeUser(db.sql)
    const reader = await makeUser(db.sql)
    const staff = await makeUser(db.sql, { role: 'staff' })
    const category = await makeCategory(db.sql)
    const { threadId } = await makeThread(db.sql, author, category.slug)
    const reply = await replyToThread(db.sql, author, threadId, 'a hidden reply')
    await db.sql`update posts set hidden_at = now() where id = ${reply.postId}`
    const textFor = async (actor: typeof author | null) =>
      (await getThreadPage(db.sql, actor, threadId, { page: 1 })).posts.find((p) => p.postNumber === 2)?.html
    expect(await textFor(null)).toBeNull()
    expect(await textFor(reader)).toBeNull()
    expect(await textFor(author)).toContain('a hidden reply')
    expect(await textFor(staff)).toContain('a hidden reply')
  })
})
