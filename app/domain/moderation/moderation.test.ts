import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { refusal } from '../../../tests/refusal'
import { createAccount } from '../auth/accounts.server'
import { getThreadPage } from '../pages/thread.server'
import { decide, type User } from '../policy.server'
import { acceptAnswer, setHelpfulVote } from '../questions/questions.server'
import { replyToThread } from '../threads/write.server'
import { approvePost, flagPost, hidePost, suspendUser, withdrawFlag } from './moderation.server'

const db = setupTestDatabase()

async function scene() {
  const asker = await makeUser(db.sql)
  const answerer = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, asker, category.slug)
  const reply = await replyToThread(db.sql, answerer, thread.threadId, 'Buy cheap watches at example.test')
  return { asker, answerer, thread, reply }
}

const flaggers = (n: number) => Promise.all(Array.from({ length: n }, () => makeUser(db.sql)))

async function postState(postId: number) {
  const [row] = await db.sql<
    [{ hiddenAt: Date | null; hiddenReason: string | null }]
  >`select hidden_at, hidden_reason from posts where id = ${postId}`
  return row
}

async function auditRows(targetId: number | string, type = 'post') {
  return db.sql<{ action: string; actorId: number | null }[]>`
    select action, actor_id from audit_log where target_type = ${type} and target_id = ${String(targetId)} order by id`
}

describe('flags', () => {
  it('hide a post once enough trusted members flag it, and its author is told why', async () => {
    const { answerer, thread, reply } = await scene()
    const [a, b, c] = await flaggers(3)
    expect((await flagPost(db.sql, a, reply.postId, { reason: 'spam' })).hidden).toBe(false)
    expect((await flagPost(db.sql, b, reply.postId, { reason: 'spam' })).hidden).toBe(false)
    expect((await flagPost(db.sql, c, reply.postId, { reason: 'spam' })).hidden).toBe(true)
    expect((await postState(reply.postId)).hiddenReason).toBe('Flagged by the community as spam')

    const forVisitor = await getThreadPage(db.sql, null, thread.threadId, { page: 1 })
    expect(forVisitor.posts[1]).toMatchObject({ html: null, hidden: true, hiddenReason: null })
    const forAuthor = await getThreadPage(db.sql, answerer, thread.threadId, { page: 1 })
    expect(forAuthor.posts[1].html).toContain('cheap watches')
    expect(forAuthor.posts[1].hiddenReason).toBe('Flagged by the community as spam')
    expect(await auditRows(reply.postId)).toEqual([{ action: 'post:hidden', actorId: null }])
  })

  it('count a newcomer’s flags for nothing, one staff flag for enough, and never hide staff posts by flags', async () => {
    const { reply } = await scene()
    const newcomers = await Promise.all(
      [1, 2, 3].map((i) =>
        createAccount(db.sql, {
          username: `newbie${i}_${Date.now() % 100000}`,
          email: `n${i}${Date.now()}@example.test`,
          password: 'correct horse battery',
        }),
      ),
    )
    for (const newcomer of newcomers) await flagPost(db.sql, newcomer, reply.postId, { reason: 'spam' })
    expect((await postState(reply.postId)).hiddenAt).toBeNull()
    const staff = await makeUser(db.sql, { role: 'staff' })
    expect((await flagPost(db.sql, staff, reply.postId, { reason: 'abusive' })).hidden).toBe(true)

    const staffPost = await replyToThread(db.sql, staff, (await scene()).thread.threadId, 'An official answer')
    for (const member of await flaggers(4)) await flagPost(db.sql, member, staffPost.postId, { reason: 'off_topic' })
    expect((await postState(staffPost.postId)).hiddenAt).toBeNull()
  })

  it('take one flag per member, not on their own post, a note for “something else”, and may be withdrawn', async () => {
    const { answerer, reply } = await scene()
    const [member] = await flaggers(1)
    expect((await refusal(flagPost(db.sql, answerer, reply.postId, { reason: 'spam' }))).code).toBe('forbidden')
    expect((await refusal(flagPost(db.sql, member, reply.postId, { reason: 'other' }))).fields).toEqual({
      note: 'Say what is wrong with the post.',
    })
    expect((await refusal(flagPost(db.sql, member, reply.postId, { reason: 'rude' }))).code).toBe('invalid')
    await flagPost(db.sql, member, reply.postId, { reason: 'other', note: 'Looks like an ad' })
    expect((await refusal(flagPost(db.sql, member, reply.postId, { reason: 'spam' }))).code).toBe('conflict')
    await withdrawFlag(db.sql, member, reply.postId)
    await flagPost(db.sql, member, reply.postId, { reason: 'spam' })
    expect((await refusal(flagPost(db.sql, null, reply.postId, { reason: 'spam' }))).code).toBe('unauthorized')
  })
})

describe('hiding and approving', () => {
  it('is for staff only, each decision writing one audit row', async () => {
    const { reply } = await scene()
    const [member] = await flaggers(1)
    expect((await refusal(hidePost(db.sql, member, reply.postId))).code).toBe('forbidden')
    expect((await refusal(approvePost(db.sql, member, reply.postId))).code).toBe('forbidden')
    const staff = await makeUser(db.sql, { role: 'staff' })
    await hidePost(db.sql, staff, reply.postId, 'Advertising')
    await approvePost(db.sql, staff, reply.postId)
    expect(await auditRows(reply.postId)).toEqual([
      { action: 'post:hidden', actorId: staff.id },
      { action: 'post:unhidden', actorId: staff.id },
    ])
  })

  it('hide then approve leaves reputation, counts and the accepted answer exactly as before, over random sequences', async () => {
    const staff = await makeUser(db.sql, { role: 'staff' })
    const asker = await makeUser(db.sql)
    const people = await flaggers(5)
    const category = await makeCategory(db.sql)
    const thread = await makeThread(db.sql, asker, category.slug)
    const replies = await Promise.all(people.slice(0, 3).map((p, i) => replyToThread(db.sql, p, thread.threadId, `answer ${i}`)))
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
    const snapshot = async () => ({
      reputation:
        await db.sql`select id, reputation from users where id = any(${[asker.id, ...people.map((p) => p.id)]}::bigint[]) order by id`,
      thread: await db.sql`select accepted_post_id, reply_count from threads where id = ${thread.threadId}`,
      helpful: await db.sql`select id, helpful_count from posts where thread_id = ${thread.threadId} order by id`,
    })
    for (let round = 0; round < 12; round++) {
      // Some ordinary activity, then one post hidden and approved again.
      for (let i = 0; i < 3; i++) {
        const roll = random()
        const post = pick(replies)
        if (roll < 0.6) await setHelpfulVote(db.sql, pick(people.slice(3)), post.postId, random() < 0.8).catch(() => {})
        else await acceptAnswer(db.sql, asker, thread.threadId, post.postId).catch(() => {})
      }
      const before = await snapshot()
      const target = pick(replies)
      await hidePost(db.sql, staff, target.postId)
      await approvePost(db.sql, staff, target.postId)
      expect(await snapshot()).toEqual(before)
    }
  })
})

describe('suspensions', () => {
  it('end the member’s sessions, refuse their writes with the reason, and lift when the period ends', async () => {
    const member: User = await makeUser(db.sql)
    const staff = await makeUser(db.sql, { role: 'staff' })
    await db.sql`insert into sessions (id, user_id, expires_at) values ('hash-of-a-token', ${member.id}, now() + interval '1 day')`
    expect((await refusal(suspendUser(db.sql, member, staff.id, { days: '7', reason: 'no' }))).code).toBe('forbidden')
    expect((await refusal(suspendUser(db.sql, staff, member.id, { days: '7', reason: '' }))).fields).toHaveProperty('reason')
    await suspendUser(db.sql, staff, member.id, { days: '3', reason: 'Repeated advertising' })
    expect(await db.sql`select id from sessions where user_id = ${member.id}`).toEqual([])
    expect(await auditRows(member.id, 'user')).toEqual([{ action: 'user:suspended', actorId: staff.id }])

    const [row] = await db.sql<
      [{ suspendedUntil: Date; suspendedReason: string }]
    >`select suspended_until, suspended_reason from users where id = ${member.id}`
    const suspendedMember: User = { ...member, suspension: { until: row.suspendedUntil, reason: row.suspendedReason } }
    const decision = decide(suspendedMember, 'thread:create')
    expect(decision.ok).toBe(false)
    expect(!decision.ok && decision.reason).toMatch(
      /^Your account is suspended until .*: Repeated advertising\. You can read, but not post, vote or flag\.$/,
    )
    expect(decide(suspendedMember, 'thread:see', { authorId: 1, lockedAt: null, deletedAt: null, readableBy: 'everyone' }).ok).toBe(true)
    const lifted: User = { ...member, suspension: { until: new Date(Date.now() - 1000), reason: 'over' } }
    expect(decide(lifted, 'thread:create').ok).toBe(true)
  })
})
