import { describe, expect, it } from 'vitest'

import { changeFor } from '../../../search/indexer'
import { createPostgresEngine } from '../../../search/postgres'
import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { refusal } from '../../../tests/refusal'
import type { ForumEvent } from '../events'
import { getCategoryPage, getHomePage } from '../pages/listings.server'
import { getThreadPage } from '../pages/thread.server'
import { acceptAnswer } from '../questions/questions.server'
import { closeAsDuplicate, findMergedThreadUrl, mergeThread, moveThread, pinThread, reopenDuplicate } from './tools.server'
import { replyToThread } from './write.server'

const db = setupTestDatabase()

async function scene() {
  const staff = await makeUser(db.sql, { role: 'staff' })
  const member = await makeUser(db.sql)
  const helper = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  return { staff, member, helper, category }
}

async function auditRows(threadId: number) {
  return db.sql<Array<{ action: string; reason: string | null; actorId: number }>>`
    select action, reason, actor_id from audit_log where target_type = 'thread' and target_id = ${String(threadId)} order by id`
}

async function eventsSince(id: number) {
  return db.sql<Array<{ id: number; type: string; payload: Record<string, unknown> }>>`
    select id, type, payload from outbox where id > ${id} order by id`
}

async function lastEventId() {
  const [row] = await db.sql<[{ id: number }]>`select coalesce(max(id), 0)::bigint as id from outbox`
  return Number(row.id)
}

async function counts(categoryId: number) {
  const [row] = await db.sql`select thread_count, post_count from categories where id = ${categoryId}`
  return row
}

describe('pinning', () => {
  it('puts pinned threads first in their category, and global pins first on the home page, each pin audited once', async () => {
    const { staff, member, category } = await scene()
    const old = await makeThread(db.sql, member, category.slug, { title: 'An old thread to pin' })
    await makeThread(db.sql, member, category.slug, { title: 'A newer thread' })
    await makeThread(db.sql, member, category.slug, { title: 'The newest thread' })
    const before = await lastEventId()
    await pinThread(db.sql, staff, old.threadId, { pinned: 'category', reason: 'Read this first' })
    const page = await getCategoryPage(db.sql, member, category.slug)
    expect(page.threads.map((t) => t.title)).toEqual(['An old thread to pin', 'The newest thread', 'A newer thread'])
    expect(page.threads[0].pinned).toBe('category')
    // A category pin stays in its category: the home page lists it by activity.
    expect((await getHomePage(db.sql, member)).latest[0].title).not.toBe('An old thread to pin')
    await pinThread(db.sql, staff, old.threadId, { pinned: 'global' })
    expect((await getHomePage(db.sql, member)).latest[0]).toMatchObject({ title: 'An old thread to pin', pinned: 'global' })
    // Pinning again the same way changes nothing and logs nothing.
    await pinThread(db.sql, staff, old.threadId, { pinned: 'global' })
    await pinThread(db.sql, staff, old.threadId, { pinned: 'none' })
    expect((await getCategoryPage(db.sql, member, category.slug)).threads[0].title).toBe('The newest thread')
    expect(await auditRows(old.threadId)).toEqual([
      { action: 'thread:pinned', reason: 'Read this first', actorId: staff.id },
      { action: 'thread:pinned', reason: null, actorId: staff.id },
      { action: 'thread:pinned', reason: null, actorId: staff.id },
    ])
    expect((await eventsSince(before)).map((e) => [e.type, e.payload.pinned])).toEqual([
      ['thread:pinned', 'category'],
      ['thread:pinned', 'global'],
      ['thread:pinned', null],
    ])
  })

  it('keeps pinned threads off the later pages of the list they lead', async () => {
    const { staff, member, category } = await scene()
    const first = await makeThread(db.sql, member, category.slug, { title: 'The first thread, pinned' })
    for (let i = 0; i < 31; i++) await makeThread(db.sql, member, category.slug, { title: `Filler thread ${i}` })
    await pinThread(db.sql, staff, first.threadId, { pinned: 'category' })
    const one = await getCategoryPage(db.sql, member, category.slug)
    expect(one.threads).toHaveLength(31)
    expect(one.threads[0].id).toBe(first.threadId)
    const [key, id] = one.nextCursor!.split('~')
    const two = await getCategoryPage(db.sql, member, category.slug, { before: { key, id: Number(id) } })
    expect(two.threads.map((t) => t.title)).toEqual(['Filler thread 0'])
  })
})

describe('moving', () => {
  it('moves the thread and its counts both ways, keeps its URL, and is audited once', async () => {
    const { staff, member, helper, category } = await scene()
    const to = await makeCategory(db.sql)
    const thread = await makeThread(db.sql, member, category.slug)
    await replyToThread(db.sql, helper, thread.threadId, 'A reply that moves with it.')
    expect(await counts(category.id)).toEqual({ threadCount: 1, postCount: 2 })
    const before = await lastEventId()
    await moveThread(db.sql, staff, thread.threadId, { category: to.slug, reason: 'Wrong place' })
    expect(await counts(category.id)).toEqual({ threadCount: 0, postCount: 0 })
    expect(await counts(to.id)).toEqual({ threadCount: 1, postCount: 2 })
    const page = await getThreadPage(db.sql, member, thread.threadId, { page: 1 })
    expect(page.thread.categorySlug).toBe(to.slug)
    expect((await getCategoryPage(db.sql, member, to.slug)).threads.map((t) => t.id)).toEqual([thread.threadId])
    expect(await auditRows(thread.threadId)).toEqual([{ action: 'thread:moved', reason: 'Wrong place', actorId: staff.id }])
    const events = await eventsSince(before)
    expect(events.map((e) => ({ type: e.type, ...e.payload }))).toEqual([
      { type: 'thread:moved', threadId: thread.threadId, fromCategoryId: category.id, toCategoryId: to.id },
    ])
  })

  it('refuses a category that takes no such threads, and members, changing nothing', async () => {
    const { staff, member, category } = await scene()
    const ideasOnly = await makeCategory(db.sql, { allowedKinds: ['idea'] })
    const thread = await makeThread(db.sql, member, category.slug)
    const wrongKind = await refusal(moveThread(db.sql, staff, thread.threadId, { category: ideasOnly.slug }))
    expect(wrongKind.fields.category).toMatch(/takes no questions/)
    expect((await refusal(moveThread(db.sql, member, thread.threadId, { category: ideasOnly.slug }))).code).toBe('forbidden')
    expect(await counts(category.id)).toEqual({ threadCount: 1, postCount: 1 })
    expect(await auditRows(thread.threadId)).toEqual([])
  })
})

describe('closing as a duplicate', () => {
  it('locks the thread, links the original, and reopens; one audit row each', async () => {
    const { staff, member, category } = await scene()
    const original = await makeThread(db.sql, member, category.slug, { title: 'The original question' })
    const copy = await makeThread(db.sql, member, category.slug)
    await closeAsDuplicate(db.sql, staff, copy.threadId, { duplicateOf: original.threadId, reason: 'Asked before' })
    const closed = await getThreadPage(db.sql, member, copy.threadId, { page: 1 })
    expect(closed.thread.locked).toBe(true)
    expect(closed.thread.duplicateOf).toEqual({ id: original.threadId, slug: original.slug, title: 'The original question' })
    expect(closed.replyBox.state).toBe('refused')
    const self = await refusal(closeAsDuplicate(db.sql, staff, copy.threadId, { duplicateOf: copy.threadId }))
    expect(self.fields.duplicateOf).toBeDefined()
    await reopenDuplicate(db.sql, staff, copy.threadId)
    const reopened = await getThreadPage(db.sql, member, copy.threadId, { page: 1 })
    expect(reopened.thread).toMatchObject({ locked: false, duplicateOf: null })
    expect((await auditRows(copy.threadId)).map((r) => [r.action, r.reason])).toEqual([
      ['thread:closedAsDuplicate', 'Asked before'],
      ['thread:reopened', null],
    ])
  })
})

describe('merging', () => {
  it('appends the posts after the target’s last number in time order, redirects, recounts and drops the accepted answer', async () => {
    const { staff, member, helper, category } = await scene()
    const other = await makeCategory(db.sql)
    const target = await makeThread(db.sql, member, category.slug, { title: 'Where the conversation goes on' })
    await replyToThread(db.sql, helper, target.threadId, 'Target reply two')
    const source = await makeThread(db.sql, helper, other.slug, { title: 'Asked again elsewhere' })
    const answer = await replyToThread(db.sql, member, source.threadId, 'Source reply two, the accepted one')
    await acceptAnswer(db.sql, helper, source.threadId, answer.postId)
    await replyToThread(db.sql, staff, target.threadId, 'Target reply three, written after the source began')
    await replyToThread(db.sql, member, source.threadId, 'Source reply three')
    const [{ n: pointsBefore }] = await db.sql`select count(*)::int as n from reputation_events where reason = 'answer_accepted'`
    expect(pointsBefore).toBe(1)

    const before = await lastEventId()
    const merged = await mergeThread(db.sql, staff, source.threadId, { into: target.threadId, reason: 'Same question' })
    expect(merged).toMatchObject({ threadId: target.threadId, postNumber: 4, moved: 3 })

    const posts = await db.sql`select post_number, markdown from posts where thread_id = ${target.threadId} order by post_number`
    expect(posts.map((p) => [p.postNumber, p.markdown])).toEqual([
      [1, 'The opening post of a test thread.'],
      [2, 'Target reply two'],
      [3, 'Target reply three, written after the source began'],
      [4, 'The opening post of a test thread.'],
      [5, 'Source reply two, the accepted one'],
      [6, 'Source reply three'],
    ])
    const [into] = await db.sql`select last_post_number, reply_count, last_poster_id from threads where id = ${target.threadId}`
    expect(into).toEqual({ lastPostNumber: 6, replyCount: 5, lastPosterId: member.id })
    const [from] =
      await db.sql`select merged_into_id, posts_merged_at, deleted_at, accepted_post_id from threads where id = ${source.threadId}`
    expect(from).toMatchObject({ mergedIntoId: target.threadId, deletedAt: null, acceptedPostId: null })
    expect(from.postsMergedAt).not.toBeNull()
    const [{ n: pointsAfter }] = await db.sql`select count(*)::int as n from reputation_events where reason = 'answer_accepted'`
    expect(pointsAfter).toBe(0)

    expect(await counts(category.id)).toEqual({ threadCount: 1, postCount: 6 })
    expect(await counts(other.id)).toEqual({ threadCount: 0, postCount: 0 })
    expect((await getCategoryPage(db.sql, member, other.slug)).threads).toEqual([])
    expect((await getHomePage(db.sql, staff)).latest.map((t) => t.id)).not.toContain(source.threadId)

    expect(await findMergedThreadUrl(db.sql, source.threadId)).toBe(`/t/${target.threadId}/${target.slug}`)
    expect(await findMergedThreadUrl(db.sql, source.threadId, 2)).toBe(`/t/${target.threadId}/${target.slug}/5`)
    expect(await findMergedThreadUrl(db.sql, target.threadId, 2)).toBeNull()
    expect((await refusal(getThreadPage(db.sql, staff, source.threadId, { page: 1 }))).code).toBe('not_found')

    expect((await auditRows(source.threadId)).map((r) => [r.action, r.reason])).toEqual([['thread:merged', 'Same question']])
    const events = await eventsSince(before)
    expect(events.map((e) => e.type)).toEqual(['thread:merged'])
    const change = changeFor(events.map((e) => ({ ...e.payload, type: e.type }) as ForumEvent))
    expect(change.threadIds.sort()).toEqual([target.threadId, source.threadId].sort())
    expect(change.postIds).toHaveLength(3)
  })

  it('keeps redirects one hop when the target is merged in turn', async () => {
    const { staff, member, category } = await scene()
    const a = await makeThread(db.sql, member, category.slug)
    await replyToThread(db.sql, member, a.threadId, 'A two')
    const b = await makeThread(db.sql, member, category.slug)
    const c = await makeThread(db.sql, member, category.slug)
    await mergeThread(db.sql, staff, a.threadId, { into: b.threadId })
    await mergeThread(db.sql, staff, b.threadId, { into: c.threadId })
    // a#2 became b#3; merged on in time order (a#1, a#2, then b#1), it is c#3.
    expect(await findMergedThreadUrl(db.sql, a.threadId, 2)).toBe(`/t/${c.threadId}/${c.slug}/3`)
    expect(await findMergedThreadUrl(db.sql, b.threadId, 1)).toBe(`/t/${c.threadId}/${c.slug}/4`)
    expect(await findMergedThreadUrl(db.sql, b.threadId, 3)).toBe(`/t/${c.threadId}/${c.slug}/3`)
    expect(await findMergedThreadUrl(db.sql, a.threadId)).toBe(`/t/${c.threadId}/${c.slug}`)
    const into = await refusal(mergeThread(db.sql, staff, c.threadId, { into: a.threadId }))
    expect(into.fields.into).toBeDefined()
  })

  it('takes the source out of search and finds its posts under the target', async () => {
    const { staff, member, category } = await scene()
    const engine = createPostgresEngine()
    const target = await makeThread(db.sql, member, category.slug, { title: 'Printer drivers on Linux' })
    const source = await makeThread(db.sql, member, category.slug, {
      title: 'Zebrafish label printer',
      body: 'My zebrafish printer stalls.',
    })
    const position = await lastEventId()
    const all = async () => (await eventsSince(0)).map((e) => ({ ...e.payload, type: e.type }) as ForumEvent)
    await engine.update(db.sql, changeFor(await all()))
    const search = async (text: string) =>
      (await engine.search(db.sql, { text, filters: {}, sort: 'relevance', page: 1, perPage: 20 })).hits.map((h) => [
        h.threadId,
        h.postNumber,
      ])
    expect(await search('zebrafish')).toEqual([[source.threadId, 1]])
    await mergeThread(db.sql, staff, source.threadId, { into: target.threadId })
    await engine.update(db.sql, changeFor((await eventsSince(position)).map((e) => ({ ...e.payload, type: e.type }) as ForumEvent)))
    expect(await search('zebrafish')).toEqual([[target.threadId, 2]])
  })

  it('refuses members and ideas, changing nothing', async () => {
    const { staff, member, category } = await scene()
    const ideas = await makeCategory(db.sql, { allowedKinds: ['idea'] })
    const a = await makeThread(db.sql, member, category.slug)
    const b = await makeThread(db.sql, member, category.slug)
    const idea = await makeThread(db.sql, member, ideas.slug)
    expect((await refusal(mergeThread(db.sql, member, a.threadId, { into: b.threadId }))).code).toBe('forbidden')
    expect((await refusal(mergeThread(db.sql, staff, idea.threadId, { into: b.threadId }))).code).toBe('forbidden')
    expect((await refusal(pinThread(db.sql, member, a.threadId, { pinned: 'global' }))).code).toBe('forbidden')
    expect((await refusal(closeAsDuplicate(db.sql, null, a.threadId, { duplicateOf: b.threadId }))).code).toBe('unauthorized')
    for (const id of [a.threadId, b.threadId, idea.threadId]) expect(await auditRows(id)).toEqual([])
    const [row] = await db.sql`select merged_into_id, pinned, duplicate_of_id from threads where id = ${a.threadId}`
    expect(row).toEqual({ mergedIntoId: null, pinned: null, duplicateOfId: null })
  })
})
