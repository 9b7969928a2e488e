import { describe, expect, it } from 'vitest'

import { countCustomersAffected, listCustomersAffected } from '../../../db/queries/ideas'
import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { refusal } from '../../../tests/refusal'
import { exportIdeasCsv, getIdeasBoard, getRoadmap } from '../pages/ideas.server'
import { getThreadPage } from '../pages/thread.server'
import type { User } from '../policy.server'
import { acceptAnswer, setMeToo } from '../questions/questions.server'
import { updateSettings } from '../settings/settings.server'
import { replyToThread, startThread } from '../threads/write.server'
import { addInternalNote, changeIdeaStatus, linkThread, mergeIdeas, promoteToIdea, setIdeaVote, unlinkThread } from './ideas.server'

const db = setupTestDatabase()

let ideasCategory: string
async function idea(author?: User, title = 'Let us export everything') {
  if (!ideasCategory) ideasCategory = (await makeCategory(db.sql, { slug: 'ideas', allowedKinds: ['idea'] })).slug
  const by = author ?? (await makeUser(db.sql))
  const ref = await startThread(db.sql, by, { category: ideasCategory, title, body: 'It would help a lot.' })
  return { ...ref, author: by }
}

const admin = () => makeUser(db.sql, { role: 'admin' })
const product = () => makeUser(db.sql, { role: 'product' })

async function setBudget(value: number | null) {
  await updateSettings(db.sql, await admin(), { voteBudget: value })
}

async function heldSlots(userId: number) {
  const [row] = await db.sql`select count(*)::int as n from vote_slots where user_id = ${userId} and released_at is null`
  return row.n as number
}

/** Budgets are consistent when each person holds exactly one slot per vote on an open idea. */
async function budgetsConsistent() {
  const rows = await db.sql`
    select u.id,
      (select count(*) from vote_slots s where s.user_id = u.id and s.released_at is null)::int as held,
      (select count(*) from idea_votes v join threads t on t.id = v.idea_id
        where v.user_id = u.id and t.idea_status not in ('shipped', 'declined') and t.merged_into_id is null)::int as open_votes
    from users u`
  return rows.filter((r) => r.held !== r.openVotes)
}

describe('idea votes', () => {
  it('counts concurrent votes exactly and keeps one vote per person', async () => {
    await setBudget(null)
    const { threadId } = await idea()
    const voters = await Promise.all(Array.from({ length: 40 }, () => makeUser(db.sql)))
    await Promise.all([...voters.map((v) => setIdeaVote(db.sql, v, threadId, true)), setIdeaVote(db.sql, voters[0], threadId, true)])
    const [row] =
      await db.sql`select vote_count, (select count(*)::int from idea_votes where idea_id = ${threadId}) as votes from threads where id = ${threadId}`
    expect(row).toEqual({ voteCount: 40, votes: 40 })
    expect(await budgetsConsistent()).toEqual([])
  })

  it('refuses a vote beyond the budget with a clear message, changing nothing, and frees slots when an idea ships', async () => {
    await setBudget(2)
    const voter = await makeUser(db.sql)
    const [a, b, c] = [await idea(), await idea(), await idea()]
    await setIdeaVote(db.sql, voter, a.threadId, true)
    const second = await setIdeaVote(db.sql, voter, b.threadId, true)
    expect(second.budget).toEqual({ total: 2, left: 0 })
    const refused = await refusal(setIdeaVote(db.sql, voter, c.threadId, true))
    expect(refused.code).toBe('conflict')
    expect(refused.message).toMatch(/used all 2 of your votes/)
    const [row] = await db.sql`select vote_count from threads where id = ${c.threadId}`
    expect(row.voteCount).toBe(0)
    expect(await heldSlots(voter.id)).toBe(2)
    // Shipping an idea frees its slots; the vote itself stays as evidence.
    await changeIdeaStatus(db.sql, await product(), a.threadId, { status: 'shipped', note: 'Released in version 5.' })
    expect(await heldSlots(voter.id)).toBe(1)
    await setIdeaVote(db.sql, voter, c.threadId, true)
    const [kept] = await db.sql`select count(*)::int as n from idea_votes where user_id = ${voter.id}`
    expect(kept.n).toBe(3)
    expect(await budgetsConsistent()).toEqual([])
    await setBudget(null)
  })

  it('lets one person with a budget of 3 cast 3 votes at once, not 4', async () => {
    await setBudget(3)
    const voter = await makeUser(db.sql)
    const list = await Promise.all(Array.from({ length: 4 }, () => idea()))
    const results = await Promise.allSettled(list.map((i) => setIdeaVote(db.sql, voter, i.threadId, true)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    expect(await heldSlots(voter.id)).toBe(3)
    await setBudget(null)
  })

  it('refuses votes on closed and merged ideas and on non-ideas', async () => {
    const voter = await makeUser(db.sql)
    const shipped = await idea()
    await changeIdeaStatus(db.sql, await product(), shipped.threadId, { status: 'declined', note: 'Not a fit for the product right now.' })
    expect((await refusal(setIdeaVote(db.sql, voter, shipped.threadId, true))).message).toMatch(/closed/)
    const category = await makeCategory(db.sql)
    const question = await makeThread(db.sql, voter, category.slug)
    expect((await refusal(setIdeaVote(db.sql, voter, question.threadId, true))).code).toBe('not_found')
  })
})

describe('statuses', () => {
  it('needs a public note to ship or decline, and records each change on the timeline', async () => {
    const p = await product()
    const { threadId } = await idea()
    const noNote = await refusal(changeIdeaStatus(db.sql, p, threadId, { status: 'shipped', note: '' }))
    expect(noNote.fields.note).toMatch(/public note/)
    await changeIdeaStatus(db.sql, p, threadId, { status: 'planned', note: '' })
    await changeIdeaStatus(db.sql, p, threadId, { status: 'in_progress', note: '' })
    await changeIdeaStatus(db.sql, p, threadId, { status: 'shipped', note: 'Out now for everyone.' })
    const events =
      await db.sql`select type, from_status, to_status, note, actor_id from idea_events where idea_id = ${threadId} order by id`
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.note])).toEqual([
      ['new', 'planned', null],
      ['planned', 'in_progress', null],
      ['in_progress', 'shipped', 'Out now for everyone.'],
    ])
    expect(events.every((e) => e.actorId === p.id)).toBe(true)
    const roadmap = await getRoadmap(db.sql, null)
    expect(roadmap.shipped.map((i) => i.id)).toContain(threadId)
  })

  it('refuses members everything product teams do', async () => {
    const member = await makeUser(db.sql)
    const a = await idea()
    const b = await idea()
    const category = await makeCategory(db.sql)
    const question = await makeThread(db.sql, member, category.slug)
    for (const attempt of [
      () => changeIdeaStatus(db.sql, member, a.threadId, { status: 'planned', note: '' }),
      () => mergeIdeas(db.sql, member, a.threadId, b.threadId),
      () => linkThread(db.sql, member, a.threadId, question.threadId),
      () => unlinkThread(db.sql, member, a.threadId, question.threadId),
      () => promoteToIdea(db.sql, member, question.threadId, { title: 'A promoted idea', body: 'summary' }),
      () => addInternalNote(db.sql, member, a.threadId, 'secret'),
      () => exportIdeasCsv(db.sql, member, 'http://x'),
    ]) {
      expect((await refusal(attempt())).code).toBe('forbidden')
    }
    const [row] = await db.sql`select idea_status, merged_into_id from threads where id = ${b.threadId}`
    expect(row).toEqual({ ideaStatus: 'new', mergedIntoId: null })
  })
})

describe('promotion and evidence', () => {
  it('creates a linked idea; the source keeps its replies and accepted answer and shows the idea', async () => {
    const asker = await makeUser(db.sql)
    const helper = await makeUser(db.sql)
    const staff = await makeUser(db.sql, { role: 'staff' })
    await idea()
    const category = await makeCategory(db.sql)
    const source = await makeThread(db.sql, asker, category.slug, { title: 'Can exports include attachments?' })
    const reply = await replyToThread(db.sql, helper, source.threadId, 'Not yet, sadly.')
    await acceptAnswer(db.sql, asker, source.threadId, reply.postId)
    const promoted = await promoteToIdea(db.sql, staff, source.threadId, {
      title: 'Include attachments in exports',
      body: 'Customers need attachments in exports.',
    })
    const page = await getThreadPage(db.sql, null, source.threadId, { page: 1 })
    expect(page.relatedIdeas).toEqual([expect.objectContaining({ id: promoted.threadId, statusLabel: 'New' })])
    expect(page.accepted?.postNumber).toBe(2)
    expect(page.thread.replyCount).toBe(1)
    const ideaPage = await getThreadPage(db.sql, null, promoted.threadId, { page: 1 })
    expect(ideaPage.thread.kind).toBe('idea')
    expect(ideaPage.idea?.linked).toEqual([expect.objectContaining({ id: source.threadId, isSource: true })])
    expect((await refusal(promoteToIdea(db.sql, staff, promoted.threadId, { title: 'Again and again', body: 'x' }))).code).toBe('forbidden')
  })

  it('counts customers affected by its one definition, equal to a recomputation', async () => {
    const p = await product()
    const staff = await makeUser(db.sql, { role: 'staff' })
    const members = await Promise.all(Array.from({ length: 6 }, () => makeUser(db.sql)))
    const category = await makeCategory(db.sql)
    const { threadId, author } = await idea(members[0])
    const support = await makeThread(db.sql, members[1], category.slug)
    await setMeToo(db.sql, members[2], support.threadId, true)
    await setMeToo(db.sql, members[0], support.threadId, true)
    await setMeToo(db.sql, staff, support.threadId, true)
    await linkThread(db.sql, p, threadId, support.threadId)
    for (const voter of [members[3], members[4], members[1], staff, p]) await setIdeaVote(db.sql, voter, threadId, true)
    // Recompute by hand: members among voters, the author, linked threads' authors and "me too" people.
    const people = new Set<number>()
    const voters = await db.sql`select user_id from idea_votes where idea_id = ${threadId}`
    voters.forEach((v) => people.add(v.userId))
    people.add(author.id)
    people.add(members[1].id)
    const meToos = await db.sql`select user_id from me_toos where thread_id = ${support.threadId}`
    meToos.forEach((m) => people.add(m.userId))
    const roles = new Map((await db.sql`select id, role from users`).map((u) => [u.id, u.role]))
    const expected = [...people].filter((id) => roles.get(id) === 'member').length
    expect(expected).toBe(5)
    // The set is the people themselves (whom a status change tells); the count is its size.
    const customers = [...people].filter((id) => roles.get(id) === 'member').sort((a, b) => a - b)
    expect(await listCustomersAffected(db.sql, threadId)).toEqual(customers)
    expect((await countCustomersAffected(db.sql, [threadId])).get(threadId)).toBe(expected)
    const board = await getIdeasBoard(db.sql, null, { sort: 'customers', page: 1 })
    expect(board.ideas.find((i) => i.id === threadId)?.customers).toBe(expected)
    const counts = board.ideas.map((i) => i.customers)
    expect(counts).toEqual([...counts].sort((x, y) => y - x))
    const csv = await exportIdeasCsv(db.sql, p, 'http://forum.test')
    expect(csv).toContain(`Let us export everything,New,5,${expected},1,http://forum.test/t/${threadId}/let-us-export-everything`)
    // Unlinked, the thread's "me too" people no longer count; its author still votes.
    await unlinkThread(db.sql, p, threadId, support.threadId)
    expect((await countCustomersAffected(db.sql, [threadId])).get(threadId)).toBe(4)
  })
})

describe('merging', () => {
  it('moves votes keeping their time, counts shared voters once, frees their second slot, and points B to A', async () => {
    await setBudget(5)
    const p = await product()
    const a = await idea(undefined, 'Original idea about exports')
    const b = await idea(undefined, 'Duplicate idea about exports')
    const both = await Promise.all(Array.from({ length: 3 }, () => makeUser(db.sql)))
    const onlyB = await Promise.all(Array.from({ length: 2 }, () => makeUser(db.sql)))
    for (const v of both) {
      await setIdeaVote(db.sql, v, a.threadId, true)
      await setIdeaVote(db.sql, v, b.threadId, true)
    }
    for (const v of onlyB) await setIdeaVote(db.sql, v, b.threadId, true)
    const timesBefore =
      await db.sql`select user_id, created_at from idea_votes where idea_id = ${b.threadId} and user_id = any(${onlyB.map((u) => u.id)}::bigint[]) order by user_id`
    const category = await makeCategory(db.sql)
    const evidence = await makeThread(db.sql, onlyB[0], category.slug)
    await linkThread(db.sql, p, b.threadId, evidence.threadId)

    const result = await mergeIdeas(db.sql, p, a.threadId, b.threadId)
    expect(result).toMatchObject({ moved: 2, duplicates: 3, voteCount: 5 })
    const timesAfter =
      await db.sql`select user_id, created_at from idea_votes where idea_id = ${a.threadId} and user_id = any(${onlyB.map((u) => u.id)}::bigint[]) order by user_id`
    expect(timesAfter).toEqual(timesBefore)
    for (const v of both) expect(await heldSlots(v.id)).toBe(1)
    expect(await budgetsConsistent()).toEqual([])
    const [merged] = await db.sql`select merged_into_id, vote_count from threads where id = ${b.threadId}`
    expect(merged).toEqual({ mergedIntoId: a.threadId, voteCount: 0 })
    const links = await db.sql`select thread_id from idea_links where idea_id = ${a.threadId} order by thread_id`
    expect(links.map((l) => l.threadId).sort()).toEqual([b.threadId, evidence.threadId].sort())
    expect((await refusal(setIdeaVote(db.sql, onlyB[1], b.threadId, true))).message).toMatch(/merged/)
    const timelines = await db.sql`select idea_id, type from idea_events where type like 'merged%' order by id`
    expect(timelines).toEqual([
      { ideaId: a.threadId, type: 'merged_from' },
      { ideaId: b.threadId, type: 'merged_into' },
    ])
    expect((await refusal(mergeIdeas(db.sql, p, a.threadId, a.threadId))).code).toBe('invalid')
    await setBudget(null)
  })
})

describe('internal notes', () => {
  it('shows notes to product, staff and admins only', async () => {
    const p = await product()
    const member = await makeUser(db.sql)
    const { threadId } = await idea()
    await addInternalNote(db.sql, p, threadId, 'Churn risk: three enterprise accounts.')
    const forMember = await getThreadPage(db.sql, member, threadId, { page: 1 })
    const forVisitor = await getThreadPage(db.sql, null, threadId, { page: 1 })
    const forProduct = await getThreadPage(db.sql, p, threadId, { page: 1 })
    expect(forMember.idea?.notes).toBeNull()
    expect(forVisitor.idea?.notes).toBeNull()
    expect(JSON.stringify(forMember)).not.toContain('Churn risk')
    expect(forProduct.idea?.notes?.[0].html).toContain('Churn risk')
  })
})
