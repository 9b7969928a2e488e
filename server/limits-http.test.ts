import type express from 'express'
import { describe, expect, it } from 'vitest'

import { limitRules } from '../app/domain/limits/limits'
import { pointsUsed } from '../app/domain/limits/limits.server'
import { replyToThread } from '../app/domain/threads/write.server'
import type { Sql } from '../db/client'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer } from '../tests/forum-server'
import { readEnv } from './env'
import { addressLimits } from './security'

const db = setupTestDatabase()
// Two forum processes on one database, limits on as in production. Behind a
// trusted proxy on loopback, each request names its address in X-Forwarded-For.
const first = setupForumServer(db, { RATE_LIMITS: 'on', TRUST_PROXY: 'loopback' })
const second = setupForumServer(db, { RATE_LIMITS: 'on', TRUST_PROXY: 'loopback' })
const scaled = setupForumServer(db, { RATE_LIMITS: '{"multiplier": 0.2}', TRUST_PROXY: 'loopback' })
const off = setupForumServer(db, { RATE_LIMITS: 'off', TRUST_PROXY: 'loopback' })

/** Requests alternate between the two processes. */
const either = (i: number) => (i % 2 ? second.url : first.url)

let addresses = 0
const freshAddress = () => `198.18.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`

function post(base: string, path: string, fields: Record<string, string>, from: string, cookie?: string) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: base,
      'X-Forwarded-For': from,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
  })
}

async function signInFrom(base: string, username: string, from = freshAddress()) {
  const response = await post(base, '/login', { username, password: TEST_PASSWORD }, from)
  expect(response.status).toBe(302)
  return response.headers.get('set-cookie')!.split(';')[0]
}

/** Sends requests until one is refused; returns how many got through and the refusal. */
async function untilRefused(send: (i: number) => Promise<Response>, atMost = 200) {
  for (let i = 0; i < atMost; i++) {
    const response = await send(i)
    if (response.status === 429) return { allowed: i, refused: response, body: (await response.text()).replaceAll('<!-- -->', '') }
    expect(response.status, `attempt ${i}`).toBeLessThan(500)
    await response.arrayBuffer()
  }
  throw new Error(`not refused after ${atMost} requests`)
}

function expectRetryAfter(response: Response, atMost: number) {
  const seconds = Number(response.headers.get('retry-after'))
  expect(seconds).toBeGreaterThan(0)
  expect(seconds).toBeLessThanOrEqual(atMost)
}

describe('limits per address, across two processes', () => {
  it('refuses the 121st search in a minute, wherever each went', async () => {
    const from = freshAddress()
    const { allowed, refused, body } = await untilRefused((i) =>
      fetch(`${either(i)}/search?q=${i % 3 ? 'export' : 'billing'}`, { headers: { 'X-Forwarded-For': from } }),
    )
    expect(allowed).toBe(limitRules.search.points)
    expectRetryAfter(refused, 60)
    expect(body).toContain('Too many searches from your address.')
    // Another address is not held back.
    expect((await fetch(`${first.url}/search?q=export`, { headers: { 'X-Forwarded-For': freshAddress() } })).status).toBe(200)
  })

  it('refuses the 61st write in a minute', async () => {
    const from = freshAddress()
    // Signing out without a session is the cheapest write there is.
    const { allowed, refused, body } = await untilRefused((i) => post(either(i), '/logout', {}, from))
    expect(allowed).toBe(limitRules.write.points)
    expectRetryAfter(refused, 60)
    expect(body).toContain('Too many requests from your address.')
  })

  it('refuses the eleventh sign-up from one address in an hour', async () => {
    const from = freshAddress()
    const { allowed, refused, body } = await untilRefused((i) =>
      post(either(i), '/join', { username: `joiner_${i}`, email: `joiner_${i}@example.test`, password: 'long enough password' }, from),
    )
    expect(allowed).toBe(limitRules['sign-up'].points)
    expectRetryAfter(refused, 3600)
    expect(body).toContain('Too many new accounts from your address.')
  })
})

describe('sign-in limits, across two processes', () => {
  it('refuses an account after 10 failures from anywhere, with Retry-After, and lets its owner in from home', async () => {
    const victim = await makeUser(db.sql)
    const home = freshAddress()
    await signInFrom(first.url, victim.username, home)
    const { allowed, refused, body } = await untilRefused((i) =>
      post(either(i), '/login', { username: victim.username, password: i < 20 ? `guess ${i}` : TEST_PASSWORD }, freshAddress()),
    )
    expect(allowed).toBe(limitRules['sign-in-account'].points)
    expect(refused.headers.get('set-cookie')).toBeNull()
    expectRetryAfter(refused, 15 * 60)
    expect(body).toMatch(/Too many failed sign-ins for this account\. Please try again in 1[45] minutes\./)
    expect(await pointsUsed(db.sql, 'sign-in-account', victim.id)).toBe(10)
    // Neither process checks the right password from a new address now; from home it is checked, and clears the count.
    expect((await post(second.url, '/login', { username: victim.username, password: TEST_PASSWORD }, freshAddress())).status).toBe(429)
    expect((await post(second.url, '/login', { username: victim.username, password: TEST_PASSWORD }, home)).status).toBe(302)
    expect(await pointsUsed(db.sql, 'sign-in-account', victim.id)).toBe(0)
  })

  it('refuses an address after 30 failures, whatever the accounts', async () => {
    const from = freshAddress()
    const { allowed, refused, body } = await untilRefused((i) =>
      post(either(i), '/login', { username: `nobody_${i}`, password: 'wrong password here' }, from),
    )
    expect(allowed).toBe(limitRules['sign-in-address'].points)
    expectRetryAfter(refused, 15 * 60)
    expect(body).toContain('Too many failed sign-ins from your address.')
  })
})

describe('limits per user, across two processes', () => {
  it('refuses the eleventh post in a minute on the thread page, keeping the reply and saying how long to wait', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    const cookie = await signInFrom(first.url, author.username)
    // A new address each time: the per-address write limit is not what stops them.
    const { allowed, refused, body } = await untilRefused((i) =>
      post(
        either(i),
        `/t/${ref.threadId}/${ref.slug}`,
        { intent: 'reply', body: `Reply number ${i} with enough words.` },
        freshAddress(),
        cookie,
      ),
    )
    expect(allowed).toBe(limitRules.post.points)
    expectRetryAfter(refused, 60)
    expect(body).toMatch(/You are posting faster than the community allows\. Please try again in \d+ seconds?\./)
    // The form comes back with what was typed.
    expect(body).toContain(`Reply number ${allowed} with enough words.`)
    // A new thread is a post too.
    const thread = await post(
      first.url,
      '/new',
      { category: category.slug, title: 'One more thread', body: 'Still too fast.' },
      freshAddress(),
      cookie,
    )
    expect(thread.status).toBe(429)
    expect(await thread.text()).toContain('posting faster')
  })

  it('refuses the 31st vote in a minute', async () => {
    const author = await makeUser(db.sql)
    const voter = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    const reply = await replyToThread(db.sql, author, ref.threadId, 'An answer worth voting for.')
    const cookie = await signInFrom(first.url, voter.username)
    const { allowed, refused, body } = await untilRefused((i) =>
      post(
        either(i),
        `/t/${ref.threadId}/${ref.slug}`,
        { intent: 'helpful', postId: String(reply.postId), value: i % 2 ? 'off' : 'on' },
        freshAddress(),
        cookie,
      ),
    )
    expect(allowed).toBe(limitRules.vote.points)
    expectRetryAfter(refused, 60)
    expect(body).toContain('You are voting faster than the community allows.')
  })
})

describe('RATE_LIMITS', () => {
  it('scales every limit by its multiplier', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    const cookie = await signInFrom(scaled.url, author.username)
    const { allowed } = await untilRefused((i) =>
      post(scaled.url, `/t/${ref.threadId}/${ref.slug}`, { intent: 'reply', body: `Scaled reply ${i} here.` }, freshAddress(), cookie),
    )
    expect(allowed).toBe(limitRules.post.points * 0.2)
    const from = freshAddress()
    const searches = await untilRefused(() => fetch(`${scaled.url}/search?q=export`, { headers: { 'X-Forwarded-For': from } }))
    expect(searches.allowed).toBe(limitRules.search.points * 0.2)
  })

  it('turns every limit off', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug)
    const from = freshAddress()
    const cookie = await signInFrom(off.url, author.username, from)
    for (let i = 0; i < limitRules.post.points + 2; i++) {
      const response = await post(
        off.url,
        `/t/${ref.threadId}/${ref.slug}`,
        { intent: 'reply', body: `Unlimited reply ${i}.` },
        from,
        cookie,
      )
      expect(response.status).toBe(302)
    }
    for (let i = 0; i < limitRules['sign-in-address'].points + 2; i++) {
      const response = await post(off.url, '/login', { username: `nobody_${i}`, password: 'wrong password here' }, from)
      expect(response.status).toBe(400)
    }
    expect(await pointsUsed(db.sql, 'write', from)).toBe(0)
  })
})

describe('a count the database does not answer', () => {
  const request = { path: '/logout', method: 'POST', ip: '192.0.2.9', socket: {} } as unknown as express.Request
  const env = readEnv({ RATE_LIMITS: 'on' })

  it('lets the request through when the count fails, or after two seconds without an answer', async () => {
    const failing = (() => Promise.reject(new Error('connection refused'))) as unknown as Sql
    const silent = (() => new Promise(() => {})) as unknown as Sql
    for (const sql of [failing, silent]) {
      const started = Date.now()
      await new Promise<void>((resolve) => addressLimits(sql, env)(request, {} as express.Response, () => resolve()))
      expect(Date.now() - started).toBeLessThan(3_000)
    }
  })
})
