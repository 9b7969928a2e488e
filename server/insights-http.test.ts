import { beforeAll, describe, expect, it } from 'vitest'

import { getInsights } from '../app/domain/pages/insights.server'
import type { User } from '../app/domain/policy.server'
import { acceptAnswer, setHelpfulVote, setMeToo } from '../app/domain/questions/questions.server'
import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer, signIn } from '../tests/forum-server'

/*
 * /insights over a known history: questions asked two days ago (this week)
 * and nine days ago (the week before), answered by customers and staff at
 * known delays, searches with and without results. Every expected figure
 * below is worked out by hand from that history.
 */

const db = setupTestDatabase()
const forum = setupForumServer(db)

const HOUR = 3600_000
const DAY = 24 * HOUR
const today = Math.floor(Date.now() / DAY) * DAY
/** Noon two days ago: inside the last 7 days. */
const thisWeek = today - 2 * DAY + 12 * HOUR
/** Noon nine days ago: inside the 7 days before those. */
const lastWeek = today - 9 * DAY + 12 * HOUR

const get = (path: string, cookie?: string) => fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} })

let staffCookie: string
let memberCookie: string
let productCookie: string
let staff: User
let helper: User
let unansweredId: number

async function at(table: 'threads' | 'posts', id: number, time: number) {
  await db.sql`update ${db.sql(table)} set created_at = ${new Date(time)} where id = ${id}`
}

/** A question asked at `time`, its opening post with it. */
async function ask(author: User, category: string, title: string, time: number) {
  const q = await makeThread(db.sql, author, category, { title })
  await at('threads', q.threadId, time)
  await at('posts', q.postId, time)
  return q
}

async function reply(author: User, threadId: number, time: number) {
  const post = await replyToThread(db.sql, author, threadId, 'Try turning it off and on again.')
  await at('posts', post.postId, time)
  return post
}

async function accept(by: User, threadId: number, postId: number, time: number) {
  await acceptAnswer(db.sql, by, threadId, postId)
  await db.sql`update threads set solved_at = ${new Date(time)} where id = ${threadId}`
  await db.sql`update reputation_events set created_at = ${new Date(time)} where reason = 'answer_accepted' and thread_id = ${threadId}`
}

beforeAll(async () => {
  const [asker, other, product, member] = await Promise.all([
    makeUser(db.sql),
    makeUser(db.sql),
    makeUser(db.sql, { role: 'product' }),
    makeUser(db.sql),
  ])
  staff = await makeUser(db.sql, { role: 'staff' })
  helper = await makeUser(db.sql)
  const returner = await makeUser(db.sql)
  const category = await makeCategory(db.sql, { name: 'Printers' })

  // This week: answered by a customer in 1 h, accepted at 3 h (a peer answer).
  const q1 = await ask(asker, category.slug, 'Paper jams every morning', thisWeek)
  const a1 = await reply(helper, q1.threadId, thisWeek + HOUR)
  await accept(asker, q1.threadId, a1.postId, thisWeek + 3 * HOUR)
  // The asker's own reply does not answer; staff answer in 2 h, accepted at 6 h.
  const q2 = await ask(asker, category.slug, 'Drivers for the new model', thisWeek)
  await reply(asker, q2.threadId, thisWeek + HOUR / 2)
  const a2 = await reply(staff, q2.threadId, thisWeek + 2 * HOUR)
  await accept(asker, q2.threadId, a2.postId, thisWeek + 6 * HOUR)
  // A customer answers in 4 h; nobody accepts. A member back after weeks away replies too.
  const q3 = await ask(other, category.slug, 'Toner runs out fast', thisWeek)
  const a3 = await reply(helper, q3.threadId, thisWeek + 4 * HOUR)
  await setHelpfulVote(db.sql, other, a3.postId, true)
  await reply(returner, q3.threadId, thisWeek + 5 * HOUR)
  // Nobody answers; two people have it too.
  const q4 = await ask(other, category.slug, 'Printer offline after update', thisWeek)
  unansweredId = q4.threadId
  await setMeToo(db.sql, asker, q4.threadId, true)
  await setMeToo(db.sql, helper, q4.threadId, true)

  // The week before: staff answer in 10 h, accepted at 12 h; and one left unanswered.
  const q5 = await ask(asker, category.slug, 'Wi-Fi setup fails', lastWeek)
  const a5 = await reply(staff, q5.threadId, lastWeek + 10 * HOUR)
  await accept(asker, q5.threadId, a5.postId, lastWeek + 12 * HOUR)
  await ask(other, category.slug, 'Scanner is slow', lastWeek)

  // The returning member joined long ago and last wrote 25 days ago.
  const old = await makeThread(db.sql, returner, category.slug, { title: 'Hello from an old customer' })
  await at('threads', old.threadId, today - 25 * DAY)
  await at('posts', old.postId, today - 25 * DAY)
  await db.sql`update users set created_at = ${new Date(today - 30 * DAY)} where id = ${returner.id}`

  const searches = [
    ['Dark Mode', 0, thisWeek],
    ['  dark   mode ', 0, thisWeek + HOUR],
    ['printer', 3, thisWeek],
    ['Export PDF', 0, thisWeek],
    ['dark mode', 0, lastWeek],
  ] as const
  for (const [query, results, time] of searches)
    await db.sql`insert into search_log (query, results, searched_at) values (${query}, ${results}, ${new Date(time)})`
  ;[staffCookie, memberCookie, productCookie] = await Promise.all(
    [staff, member, product].map((u) => signIn(forum.url, u.username, TEST_PASSWORD)),
  )
})

describe('/insights', () => {
  it('asks visitors to sign in and refuses members the page, its JSON and its CSV', async () => {
    const visitor = await get('/insights?days=7')
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toBe('/login?next=%2Finsights%3Fdays%3D7')
    expect((await get('/insights', memberCookie)).status).toBe(403)
    const json = await get('/insights.json?days=30', memberCookie)
    expect(json.status).toBe(403)
    expect(await json.json()).toEqual({ error: 'Insights are for staff and product teams.' })
    expect((await get('/insights.csv?table=helpers&days=7', memberCookie)).status).toBe(403)
    expect((await get('/', memberCookie)).status).toBe(200)
    expect(await (await get('/', memberCookie)).text()).not.toContain('href="/insights"')
    expect(await (await get('/', productCookie)).text()).toContain('href="/insights"')
  })

  it('counts support health for the period and the one before, by hand', async () => {
    const response = await get('/insights.json?days=7', productCookie)
    expect(response.status).toBe(200)
    const insights = await response.json()
    expect(insights.period.days).toBe(7)
    expect(insights.period.from).toBe(new Date(today - 6 * DAY).toISOString())
    const { current, previous } = insights.support
    expect([current.asked, current.answered, current.solved, current.peerSolved]).toEqual([4, 3, 2, 1])
    expect([current.answeredShare, current.solvedShare, current.peerAnswerRate]).toEqual([0.75, 0.5, 0.5])
    expect([previous.asked, previous.answered, previous.solved, previous.peerAnswerRate]).toEqual([2, 1, 1, 0])
    // First answers at 1 h (customer), 2 h (staff), 4 h (customer).
    expect(current.firstAnswer.all).toEqual({ count: 3, medianSeconds: 2 * 3600, p90Seconds: 3.6 * 3600 })
    expect(current.firstAnswer.customers).toEqual({ count: 2, medianSeconds: 2.5 * 3600, p90Seconds: 3.7 * 3600 })
    expect(current.firstAnswer.staff).toEqual({ count: 1, medianSeconds: 7200, p90Seconds: 7200 })
    // Accepted at 3 h (customer) and 6 h (staff).
    expect(current.accepted.all.medianSeconds).toBeCloseTo(4.5 * 3600)
    expect(current.accepted.all.p90Seconds).toBeCloseTo(5.7 * 3600)
    expect(current.accepted.customers).toEqual({ count: 1, medianSeconds: 3 * 3600, p90Seconds: 3 * 3600 })
    expect(previous.firstAnswer.staff.medianSeconds).toBe(10 * 3600)
    expect(previous.accepted.staff.medianSeconds).toBe(12 * 3600)

    expect(insights.support.byCategory).toHaveLength(1)
    expect(insights.support.byCategory[0].category.name).toBe('Printers')
    expect(insights.support.byCategory[0].current.asked).toBe(4)
    const perDay = insights.support.questionsPerDay
    expect(perDay).toHaveLength(7)
    expect(perDay.find((d: { day: string }) => d.day === new Date(thisWeek).toISOString().slice(0, 10)).questions).toBe(4)
    expect(perDay.reduce((sum: number, d: { questions: number }) => sum + d.questions, 0)).toBe(4)
    expect(insights.support.unanswered).toEqual([
      expect.objectContaining({ title: 'Printer offline after update', url: expect.stringMatching(`^/t/${unansweredId}/`), meToos: 2 }),
    ])
  })

  it('shows what customers need and who helps', async () => {
    const insights = await (await get('/insights.json?days=7', staffCookie)).json()
    expect(insights.needs.meToo).toEqual([expect.objectContaining({ title: 'Printer offline after update', meToos: 2, previousMeToos: 0 })])
    expect(insights.needs.searchMisses.total).toBe(3)
    expect(insights.needs.searchMisses.previousTotal).toBe(1)
    expect(insights.needs.searchMisses.queries.map((q: object) => ({ ...q, lastSearchedAt: undefined }))).toEqual([
      { query: 'dark mode', searches: 2, previousSearches: 1, faqUrl: '/new?title=dark+mode', ideaUrl: '/new?kind=idea&title=dark+mode' },
      {
        query: 'export pdf',
        searches: 1,
        previousSearches: 0,
        faqUrl: '/new?title=export+pdf',
        ideaUrl: '/new?kind=idea&title=export+pdf',
      },
    ])
    const byName = Object.fromEntries(insights.people.helpers.map((h: { username: string }) => [h.username, h]))
    expect(byName[helper.username]).toMatchObject({ acceptedAnswers: 1, helpfulVotes: 1, previousAcceptedAnswers: 0 })
    expect(byName[staff.username]).toMatchObject({ acceptedAnswers: 1, helpfulVotes: 0, previousAcceptedAnswers: 1 })
    // The asker, the other asker and the helper joined this week and wrote; staff are not members.
    expect(insights.people.newMembers).toMatchObject({ count: 3, previousCount: 0 })
    expect(insights.people.returningMembers.count).toBe(1)
    expect(insights.people.returningMembers.members[0]).toMatchObject({
      posts: 1,
      lastPostedBefore: new Date(today - 25 * DAY).toISOString(),
    })
  })

  it('renders the page with its chart and table, and each table as CSV', async () => {
    const page = (await (await get('/insights?days=7', staffCookie)).text()).replaceAll('<!-- -->', '')
    expect(page).toContain('<h1>Insights</h1>')
    expect(page).toMatch(/<svg[^>]*role="img"/)
    expect(page).toContain('Questions asked per day as a table')
    expect(page).toContain('How this is counted:')
    expect(page).toMatch(/aria-current="page"[^>]*>7 days/)
    const csv = await get('/insights.csv?table=search-misses&days=7', staffCookie)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toBe('search,times,previous times,last searched at')
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['dark mode,2,1', 'export pdf,1,0'])
    const bad = await get('/insights.csv?table=nothing&days=7', staffCookie)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Choose a table:')
    expect((await get('/insights?days=5', staffCookie)).status).toBe(400)
    expect((await get('/insights.json?days=abc', staffCookie)).status).toBe(400)
  })

  it('counts nothing in a period with no activity', async () => {
    const empty = await getInsights(db.sql, staff, '30', new Date('2020-06-01T12:00:00Z'))
    expect(empty.support.current).toMatchObject({ asked: 0, answered: 0, answeredShare: null, solvedShare: null, peerAnswerRate: null })
    expect(empty.support.current.firstAnswer.all).toEqual({ count: 0, medianSeconds: null, p90Seconds: null })
    expect(empty.support.questionsPerDay).toHaveLength(30)
    expect(empty.support.unanswered).toEqual([])
    expect(empty.needs.searchMisses).toEqual({ total: 0, previousTotal: 0, queries: [] })
    expect(empty.people.newMembers).toEqual({ count: 0, previousCount: 0, members: [] })
    expect(empty.people.helpers).toEqual([])
  })
  it('counts days from midnight in the community’s time zone', async () => {
    const printers = (await db.sql<{ slug: string }[]>`select slug from categories where name = 'Printers'`)[0].slug
    // 03:00 UTC on 10 June 2020 is still 9 June in New York (UTC−4 in summer).
    await ask(helper, printers, 'Late-night printing question', Date.parse('2020-06-10T03:00:00Z'))
    const now = new Date('2020-06-10T12:00:00Z')
    const byDay = (insights: Awaited<ReturnType<typeof getInsights>>) =>
      Object.fromEntries(insights.support.questionsPerDay.filter((d) => d.questions > 0).map((d) => [d.day, d.questions]))

    expect(byDay(await getInsights(db.sql, staff, '7', now))).toEqual({ '2020-06-10': 1 })
    await db.sql`insert into settings (key, value) values ('timeZone', ${db.sql.json('America/New_York')})`
    try {
      const insights = await getInsights(db.sql, staff, '7', now)
      expect(insights.period).toMatchObject({
        timeZone: 'America/New_York',
        from: '2020-06-04T04:00:00.000Z',
        to: '2020-06-11T04:00:00.000Z',
        previousFrom: '2020-05-28T04:00:00.000Z',
      })
      expect(byDay(insights)).toEqual({ '2020-06-09': 1 })
      expect(insights.support.questionsPerDay.map((d) => d.day).at(-1)).toBe('2020-06-10')
    } finally {
      await db.sql`delete from settings where key = 'timeZone'`
    }
  })

  it('keeps the figures, and the outbox consumer computes them again once activity is a minute old', async () => {
    // Consumers wait for every older transaction on the server to end (see server/consumers.ts);
    // other test files' long ones can hold them up for a while, hence the long waits.
    const asked = async () => (await (await get('/insights.json?days=7', staffCookie)).json()).support.current.asked
    // Start from figures computed now: ones kept from earlier tests may already be a minute old.
    await db.sql`delete from insight_snapshots`
    const before = await asked()
    const kept = () => db.sql<{ computedAt: Date; pending: boolean }[]>`select computed_at, pending from insight_snapshots where days = 7`
    expect(await kept()).toHaveLength(1)

    // Within a minute of being computed, the page shows the kept figures, new activity or not.
    const category = (await db.sql<{ slug: string }[]>`select slug from categories where name = 'Printers'`)[0].slug
    await makeThread(db.sql, helper, category, { title: 'Colour prints look washed out' })
    await expect.poll(async () => (await kept())[0].pending, { timeout: 25_000 }).toBe(true)
    expect(await asked()).toBe(before)

    // A minute later, the next event has the consumer compute them, with no reader asking.
    await db.sql`update insight_snapshots set computed_at = computed_at - interval '2 minutes'`
    const aged = Date.now()
    await makeThread(db.sql, helper, category, { title: 'Duplex printing stopped working' })
    await expect.poll(async () => (await kept())[0].computedAt.getTime(), { timeout: 25_000 }).toBeGreaterThan(aged - 5_000)
    expect(await asked()).toBeGreaterThanOrEqual(before + 1)
    // And a minute after that, a reader sees everything that happened.
    await db.sql`update insight_snapshots set computed_at = computed_at - interval '2 minutes'`
    await expect.poll(asked, { timeout: 25_000 }).toBe(before + 2)
  }, 90_000)
})
