import { describe, expect, it } from 'vitest'

import { recomputeReputation } from '../../../db/queries/reputation'
import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { refusal } from '../../../tests/refusal'
import { DomainError } from '../errors'
import { getCategoryPage, getHomePage } from '../pages/listings.server'
import { getThreadPage } from '../pages/thread.server'
import { deletePost, replyToThread, startThread } from '../threads/write.server'
import { acceptAnswer, setHelpfulVote, setMeToo, unacceptAnswer } from './questions.server'
import { POINTS } from './recognition'

const db = setupTestDatabase()

async function question() {
  const asker = await makeUser(db.sql)
  const category = await makeCategory(db.sql, { allowedKinds: ['question', 'discussion'] })
  const thread = await makeThread(db.sql, asker, category.slug)
  return { asker, category, thread }
}

const reputationOf = async (userId: number) => (await db.sql`select reputation from users where id = ${userId}`)[0].reputation as number
const badgesOf = async (userId: number) =>
  (await db.sql`select badge from user_badges where user_id = ${userId} order by badge`).map((r) => r.badge)

describe('helpful votes', () => {
  it('counts 50 simultaneous voters exactly, and a double click once', async () => {
    const { thread } = await question()
    const answerer = await makeUser(db.sql)
    const reply = await replyToThread(db.sql, answerer, thread.threadId, 'Try turning it off and on again.')
    const voters = await Promise.all(Array.from({ length: 50 }, () => makeUser(db.sql)))
    await Promise.all(voters.map((v) => setHelpfulVote(db.sql, v, reply.postId, true)))
    await Promise.all([setHelpfulVote(db.sql, voters[0], reply.postId, true), setHelpfulVote(db.sql, voters[0], reply.postId, true)])
    const [{ votes }] = await db.sql`select count(*)::int as votes from helpful_votes where post_id = ${reply.postId}`
    const [{ helpfulCount }] = await db.sql`select helpful_count from posts where id = ${reply.postId}`
    expect(votes).toBe(50)
    expect(helpfulCount).toBe(50)
    expect(await reputationOf(answerer.id)).toBe(50 * POINTS.helpful_vote)
    expect(await badgesOf(answerer.id)).toEqual(['first_reply', 'helpful_10'])
  })

  it('takes a vote and its points back, and refuses votes on your own post or the question', async () => {
    const { asker, thread } = await question()
    const answerer = await makeUser(db.sql)
    const voter = await makeUser(db.sql)
    const reply = await replyToThread(db.sql, answerer, thread.threadId, 'An answer')
    await setHelpfulVote(db.sql, voter, reply.postId, true)
    const off = await setHelpfulVote(db.sql, voter, reply.postId, false)
    expect(off).toMatchObject({ voted: false, count: 0 })
    expect(await reputationOf(answerer.id)).toBe(0)
    expect((await refusal(setHelpfulVote(db.sql, answerer, reply.postId, true))).code).toBe('forbidden')
    expect((await refusal(setHelpfulVote(db.sql, voter, thread.postId, true))).code).toBe('forbidden')
    expect((await refusal(setHelpfulVote(db.sql, null, reply.postId, true))).code).toBe('unauthorized')
    expect(await reputationOf(asker.id)).toBe(0)
  })

  it('refuses votes on hidden posts and replies from another thread, changing nothing', async () => {
    const { thread } = await question()
    const other = await question()
    const answerer = await makeUser(db.sql)
    const voter = await makeUser(db.sql)
    const hiddenReply = await replyToThread(db.sql, answerer, thread.threadId, 'hidden one')
    await db.sql`update posts set hidden_at = now() where id = ${hiddenReply.postId}`
    expect((await refusal(setHelpfulVote(db.sql, voter, hiddenReply.postId, true))).code).toBe('not_found')
    const elsewhere = await replyToThread(db.sql, answerer, other.thread.threadId, 'in another thread')
    expect((await refusal(setHelpfulVote(db.sql, voter, elsewhere.postId, true, thread.threadId))).code).toBe('not_found')
    const [{ n }] = await db.sql`select count(*)::int as n from helpful_votes where user_id = ${voter.id}`
    expect(n).toBe(0)
  })
})

describe('accepted answers', () => {
  it('leaves exactly one accepted answer when two staff accept different replies at once', async () => {
    const { thread } = await question()
    const [a, b] = [await makeUser(db.sql), await makeUser(db.sql)]
    const [staff1, staff2] = [await makeUser(db.sql, { role: 'staff' }), await makeUser(db.sql, { role: 'staff' })]
    const replyA = await replyToThread(db.sql, a, thread.threadId, 'answer A')
    const replyB = await replyToThread(db.sql, b, thread.threadId, 'answer B')
    await Promise.all([
      acceptAnswer(db.sql, staff1, thread.threadId, replyA.postId),
      acceptAnswer(db.sql, staff2, thread.threadId, replyB.postId),
    ])
    const [row] = await db.sql`select accepted_post_id from threads where id = ${thread.threadId}`
    expect([replyA.postId, replyB.postId]).toContain(row.acceptedPostId)
    const winner = row.acceptedPostId === replyA.postId ? a : b
    const loser = winner === a ? b : a
    expect(await reputationOf(winner.id)).toBe(POINTS.answer_accepted)
    expect(await reputationOf(loser.id)).toBe(0)
    const [{ n }] =
      await db.sql`select count(*)::int as n from reputation_events where reason = 'answer_accepted' and thread_id = ${thread.threadId}`
    expect(n).toBe(1)
  })

  it('lets the asker change and unmark the answer, moving the points, and shows it under the question', async () => {
    const { asker, thread } = await question()
    const [a, b] = [await makeUser(db.sql), await makeUser(db.sql)]
    const replyA = await replyToThread(db.sql, a, thread.threadId, 'answer A')
    const replyB = await replyToThread(db.sql, b, thread.threadId, 'answer **B**')
    await acceptAnswer(db.sql, asker, thread.threadId, replyA.postId)
    await acceptAnswer(db.sql, asker, thread.threadId, replyB.postId)
    expect(await reputationOf(a.id)).toBe(0)
    expect(await reputationOf(b.id)).toBe(POINTS.answer_accepted)
    expect(await badgesOf(b.id)).toContain('first_accepted')
    const page = await getThreadPage(db.sql, null, thread.threadId, { page: 1 })
    expect(page.accepted).toMatchObject({ postNumber: 3, authorUsername: b.username, excerpt: 'answer B', helpfulCount: 0 })
    expect(page.posts.find((p) => p.postNumber === 3)?.isAccepted).toBe(true)
    await unacceptAnswer(db.sql, asker, thread.threadId)
    expect(await reputationOf(b.id)).toBe(0)
    expect((await getThreadPage(db.sql, null, thread.threadId, { page: 1 })).accepted).toBeNull()
    // A badge, once earned, stays.
    expect(await badgesOf(b.id)).toContain('first_accepted')
  })

  it('refuses members on questions not theirs, discussions, the question itself and replies of other threads', async () => {
    const { asker, category, thread } = await question()
    const stranger = await makeUser(db.sql)
    const reply = await replyToThread(db.sql, stranger, thread.threadId, 'an answer')
    expect((await refusal(acceptAnswer(db.sql, stranger, thread.threadId, reply.postId))).code).toBe('forbidden')
    expect((await refusal(acceptAnswer(db.sql, asker, thread.threadId, thread.postId))).code).toBe('forbidden')
    const other = await question()
    const elsewhere = await replyToThread(db.sql, stranger, other.thread.threadId, 'elsewhere')
    expect((await refusal(acceptAnswer(db.sql, asker, thread.threadId, elsewhere.postId))).code).toBe('not_found')
    const discussion = await startThread(db.sql, asker, {
      category: category.slug,
      kind: 'discussion',
      title: 'Let us talk',
      body: 'about things',
    })
    const talk = await replyToThread(db.sql, stranger, discussion.threadId, 'sure')
    expect((await refusal(acceptAnswer(db.sql, asker, discussion.threadId, talk.postId))).message).toMatch(/Only questions/)
    const [{ n }] =
      await db.sql`select count(*)::int as n from threads where accepted_post_id is not null and id = any(${[thread.threadId, discussion.threadId]})`
    expect(n).toBe(0)
  })

  it('re-opens the question when the accepted answer is deleted, and takes its points back', async () => {
    const { asker, thread } = await question()
    const answerer = await makeUser(db.sql)
    const voter = await makeUser(db.sql)
    const reply = await replyToThread(db.sql, answerer, thread.threadId, 'an answer')
    await setHelpfulVote(db.sql, voter, reply.postId, true)
    await acceptAnswer(db.sql, asker, thread.threadId, reply.postId)
    expect(await reputationOf(answerer.id)).toBe(POINTS.answer_accepted + POINTS.helpful_vote)
    await deletePost(db.sql, answerer, reply.postId)
    expect(await reputationOf(answerer.id)).toBe(0)
    const [row] = await db.sql`select accepted_post_id from threads where id = ${thread.threadId}`
    expect(row.acceptedPostId).toBeNull()
  })
})

describe('me too', () => {
  it('counts each person once, not the asker, and gives the asker a little', async () => {
    const { asker, thread } = await question()
    const people = await Promise.all(Array.from({ length: 10 }, () => makeUser(db.sql)))
    await Promise.all(people.map((p) => setMeToo(db.sql, p, thread.threadId, true)))
    await setMeToo(db.sql, people[0], thread.threadId, true)
    const [row] = await db.sql`select me_too_count from threads where id = ${thread.threadId}`
    expect(row.meTooCount).toBe(10)
    expect(await reputationOf(asker.id)).toBe(10 * POINTS.me_too)
    expect(await badgesOf(asker.id)).toContain('me_too_10')
    expect((await refusal(setMeToo(db.sql, asker, thread.threadId, true))).code).toBe('forbidden')
  })
})

describe('lists of questions', () => {
  it('filters solved and unsolved, sorts by "me too", and lists unanswered questions oldest first', async () => {
    const asker = await makeUser(db.sql)
    const helper = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const solved = await makeThread(db.sql, asker, category.slug, { title: 'Solved question here' })
    const reply = await replyToThread(db.sql, helper, solved.threadId, 'answer')
    await acceptAnswer(db.sql, asker, solved.threadId, reply.postId)
    const popular = await makeThread(db.sql, asker, category.slug, { title: 'Popular unsolved question' })
    await setMeToo(db.sql, helper, popular.threadId, true)
    const quiet = await makeThread(db.sql, asker, category.slug, { title: 'Quiet unsolved question' })
    const ids = (list: { id: number }[]) => list.map((t) => t.id)
    expect(ids((await getCategoryPage(db.sql, null, category.slug, { filter: 'solved' })).threads)).toEqual([solved.threadId])
    expect(ids((await getCategoryPage(db.sql, null, category.slug, { filter: 'unsolved', sort: 'top' })).threads)).toEqual([
      popular.threadId,
      quiet.threadId,
    ])
    const home = await getHomePage(db.sql, null)
    const unanswered = ids(home.unanswered)
    expect(unanswered.indexOf(popular.threadId)).toBeLessThan(unanswered.indexOf(quiet.threadId))
    expect(unanswered).not.toContain(solved.threadId)
  })

  it('orders replies by most helpful with the accepted answer first', async () => {
    const { asker, thread } = await question()
    const voters = await Promise.all(Array.from({ length: 3 }, () => makeUser(db.sql)))
    const authors = await Promise.all(Array.from({ length: 3 }, () => makeUser(db.sql)))
    const replies = []
    for (const [i, author] of authors.entries()) replies.push(await replyToThread(db.sql, author, thread.threadId, `reply ${i}`))
    for (const v of voters) await setHelpfulVote(db.sql, v, replies[1].postId, true)
    await setHelpfulVote(db.sql, voters[0], replies[2].postId, true)
    await acceptAnswer(db.sql, asker, thread.threadId, replies[0].postId)
    const page = await getThreadPage(db.sql, null, thread.threadId, { page: 1 }, { order: 'helpful' })
    expect(page.posts.map((p) => p.postNumber)).toEqual([1, 2, 3, 4])
    expect(page.posts[1].isAccepted).toBe(true)
  })
})

describe('reputation', () => {
  it('always equals a full recomputation after a random sequence of votes, accepts and deletions', async () => {
    const category = await makeCategory(db.sql)
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => makeUser(db.sql, { role: i === 0 ? 'staff' : 'member' })))
    const threads = await Promise.all(people.slice(0, 4).map((p) => makeThread(db.sql, p, category.slug)))
    const replies: Array<{ threadId: number; postId: number }> = []
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
    for (let step = 0; step < 250; step++) {
      const actor = pick(people)
      const thread = pick(threads)
      const roll = random()
      try {
        if (roll < 0.2 || replies.length < 4) {
          replies.push(await replyToThread(db.sql, actor, thread.threadId, `reply ${step}`))
        } else if (roll < 0.55) {
          await setHelpfulVote(db.sql, actor, pick(replies).postId, random() < 0.75)
        } else if (roll < 0.7) {
          const reply = pick(replies)
          await acceptAnswer(db.sql, pick([people[0], actor]), reply.threadId, reply.postId)
        } else if (roll < 0.78) {
          await unacceptAnswer(db.sql, pick([people[0], actor]), pick(threads).threadId)
        } else if (roll < 0.9) {
          await setMeToo(db.sql, actor, thread.threadId, random() < 0.7)
        } else {
          await deletePost(db.sql, pick([people[0], actor]), pick(replies).postId)
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
      }
    }
    const rows = await recomputeReputation(db.sql, POINTS)
    const mismatches = rows.filter((r) => r.stored !== r.computed)
    expect(mismatches).toEqual([])
    expect(rows.some((r) => r.stored > 0)).toBe(true)
  })
})
