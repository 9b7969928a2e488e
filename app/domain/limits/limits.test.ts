import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { refusal } from '../../../tests/refusal'
import { signUp } from '../auth/accounts.server'
import { RateLimited } from '../errors'
import { setIdeaVote } from '../ideas/ideas.server'
import { setHelpfulVote, setMeToo } from '../questions/questions.server'
import { replyToThread, startThread } from '../threads/write.server'
import { allowance, limitRules, LIMITS_ON, waitText, type LimitName } from './limits'
import { consumeLimit, deleteEndedLimits, pointsUsed } from './limits.server'

const db = setupTestDatabase()

/** Calls `attempt` until the domain refuses it; returns how many it allowed and the refusal. */
async function untilRefused(attempt: (i: number) => Promise<unknown>, atMost = 200) {
  for (let i = 0; i < atMost; i++) {
    try {
      await attempt(i)
    } catch (error) {
      if (error instanceof RateLimited) return { allowed: i, refused: error }
      throw error
    }
  }
  throw new Error(`not refused after ${atMost} attempts`)
}

describe('the rules', () => {
  it('are all listed in the README table, with their limit and window', () => {
    const readme = readFileSync('README.md', 'utf8')
    for (const [name, rule] of Object.entries(limitRules)) {
      expect(readme, name).toMatch(new RegExp(`\\| \`${name}\` \\| ${rule.points} \\|`))
    }
  })

  it('scale with the multiplier and never drop below one', () => {
    expect(allowance('post', { enabled: true, multiplier: 3 })).toBe(30)
    expect(allowance('search', { enabled: true, multiplier: 0.05 })).toBe(6)
    expect(allowance('post', { enabled: true, multiplier: 0.001 })).toBe(1)
    expect(waitText(1)).toBe('1 second')
    expect(waitText(60)).toBe('60 seconds')
    expect(waitText(61)).toBe('2 minutes')
  })
})

describe('per-user limits in the domain', () => {
  it('refuse the eleventh post in a minute, threads and replies together, and say how long to wait', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const first = await startThread(
      db.sql,
      author,
      { category: category.slug, title: 'A first thread to reply to', body: 'Opening.' },
      LIMITS_ON,
    )
    const { allowed, refused } = await untilRefused((i) =>
      i % 2
        ? replyToThread(db.sql, author, first.threadId, `Reply number ${i}`, LIMITS_ON)
        : startThread(db.sql, author, { category: category.slug, title: `Thread number ${i}`, body: 'Body text.' }, LIMITS_ON),
    )
    expect(allowed + 1).toBe(limitRules.post.points)
    expect(refused.code).toBe('rate_limited')
    expect(refused.retryAfterSeconds).toBeGreaterThan(0)
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60)
    expect(refused.message).toMatch(/^You are posting faster than the community allows\. Please try again in \d+ seconds?\.$/)
    // Nothing was written by the refused attempt; another author is not held back.
    const [posts] = await db.sql`select count(*)::int as n from posts where author_id = ${author.id}`
    expect(posts.n).toBe(limitRules.post.points)
    await replyToThread(db.sql, await makeUser(db.sql), first.threadId, 'Someone else replies.', LIMITS_ON)
  })

  it('count helpful votes, "me too" and idea votes together', async () => {
    const author = await makeUser(db.sql)
    const voter = await makeUser(db.sql)
    const questions = await makeCategory(db.sql)
    const ideas = await makeCategory(db.sql, { allowedKinds: ['idea'] })
    const question = await makeThread(db.sql, author, questions.slug)
    const reply = await replyToThread(db.sql, author, question.threadId, 'An answer worth a vote.')
    const idea = await makeThread(db.sql, author, ideas.slug)
    const votes = [
      (i: number) => setHelpfulVote(db.sql, voter, reply.postId, i % 2 === 0, question.threadId, LIMITS_ON),
      (i: number) => setMeToo(db.sql, voter, question.threadId, i % 2 === 0, LIMITS_ON),
      (i: number) => setIdeaVote(db.sql, voter, idea.threadId, i % 2 === 0, LIMITS_ON),
    ]
    const { allowed, refused } = await untilRefused((i) => votes[i % 3](Math.floor(i / 3)))
    expect(allowed).toBe(limitRules.vote.points)
    expect(refused.message).toContain('voting faster')
  })

  it('lets the flag feature count flags per user', async () => {
    const { allowed } = await untilRefused(() => consumeLimit(db.sql, 'flag', 424242, LIMITS_ON))
    expect(allowed).toBe(limitRules.flag.points)
    expect(await pointsUsed(db.sql, 'flag', 424242)).toBe(limitRules.flag.points + 1)
  })

  it('are off when the caller passes no settings (tests, seeds and the CLI), and off when RATE_LIMITS is off', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    for (let i = 0; i < limitRules.post.points + 5; i++) await replyToThread(db.sql, author, ref.threadId, `Unlimited ${i}`)
    for (let i = 0; i < limitRules.post.points + 5; i++)
      await replyToThread(db.sql, author, ref.threadId, `Off ${i}`, { enabled: false, multiplier: 1 })
    expect(await pointsUsed(db.sql, 'post', author.id)).toBe(0)
  })

  it('scale with the multiplier', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    const { allowed } = await untilRefused((i) =>
      replyToThread(db.sql, author, ref.threadId, `Reply ${i}`, { enabled: true, multiplier: 2 }),
    )
    expect(allowed).toBe(limitRules.post.points * 2)
  })
})

describe('sign-ups per address', () => {
  it('refuse the eleventh attempt from one address in an hour, and not another address', async () => {
    const address = '192.0.2.50'
    const join = (i: number, from = address) =>
      signUp(
        db.sql,
        { username: `joiner_${from.replaceAll('.', '_')}_${i}`, email: `joiner${i}@${from}.example`, password: 'long enough password' },
        from,
        LIMITS_ON,
      )
    const { allowed, refused } = await untilRefused((i) => join(i))
    expect(allowed).toBe(limitRules['sign-up'].points)
    expect(refused.message).toMatch(/Too many new accounts from your address\. Please try again in (60|59) minutes\./)
    expect(refused.retryAfterSeconds).toBeGreaterThan(59 * 60)
    await join(0, '192.0.2.51')
    // A taken name counts too: probing which accounts exist is limited as well.
    const taken = await refusal(join(0, '192.0.2.51'))
    expect(taken.code).toBe('conflict')
    expect(await pointsUsed(db.sql, 'sign-up', '192.0.2.51')).toBe(2)
  })
})

describe('counters', () => {
  it('start a new window once the last has ended, and housekeeping deletes ended ones', async () => {
    const name: LimitName = 'post'
    await untilRefused(() => consumeLimit(db.sql, name, 777, LIMITS_ON))
    await db.sql`update rate_limits set resets_at = clock_timestamp() - interval '1 second' where key = 'post:777'`
    expect(await pointsUsed(db.sql, name, 777)).toBe(0)
    await consumeLimit(db.sql, name, 777, LIMITS_ON)
    expect(await pointsUsed(db.sql, name, 777)).toBe(1)
    await db.sql`insert into rate_limits (key, points, resets_at) values ('post:ended', 3, clock_timestamp() - interval '1 minute')`
    expect(await deleteEndedLimits(db.sql)).toBeGreaterThanOrEqual(1)
    const left = await db.sql`select key from rate_limits where key in ('post:ended', 'post:777')`
    expect(left.map((r) => r.key)).toEqual(['post:777'])
  })

  it('add up exactly under concurrent attempts', async () => {
    const settings = LIMITS_ON
    const results = await Promise.allSettled(Array.from({ length: 80 }, () => consumeLimit(db.sql, 'vote', 31337, settings)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(allowance('vote', settings))
    expect(await pointsUsed(db.sql, 'vote', 31337)).toBe(80)
  })
})
