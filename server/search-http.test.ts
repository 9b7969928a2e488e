import { describe, expect, it } from 'vitest'

import { acceptAnswer } from '../app/domain/questions/questions.server'
import { pruneSearchLog } from '../app/domain/search/search.server'
import { replyToThread, startThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db)
const limited = setupForumServer(db, { RATE_LIMITS: '{"multiplier": 0.05}' })

async function get(path: string, cookie?: string, base = forum.url) {
  const response = await fetch(base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
  // React separates joined text with empty comments; a reader sees none.
  return { status: response.status, html: (await response.text()).replaceAll('<!-- -->', ''), response }
}

/** The search consumer indexes in the background: wait until a search finds what was just written (and, with `showing`, shows it so). */
async function searchable(query: string, showing = 'search-hit__title') {
  await expect.poll(async () => (await get(`/search?q=${encodeURIComponent(query)}`)).html, { timeout: 10_000 }).toContain(showing)
}

async function scene() {
  const author = await makeUser(db.sql)
  const helper = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const question = await startThread(db.sql, author, {
    category: category.slug,
    title: 'Webhooks stop after a password change',
    body: 'Why?',
  })
  const answer = await replyToThread(db.sql, helper, question.threadId, 'Rotate the **signing secret** after a password reset.')
  await acceptAnswer(db.sql, author, question.threadId, answer.postId)
  // The acceptance is indexed after the reply: wait for both.
  await searchable('signing secret', '✓ Solved')
  return { author, helper, category, question, answer }
}

describe('search over HTTP', () => {
  it('finds a reply despite a typo, for a visitor, with the words marked and the text escaped', async () => {
    const { question } = await scene()
    const page = await get('/search?q=signng+secret')
    expect(page.status).toBe(200)
    expect(page.html).toContain('Showing results for <strong>signing secret</strong>')
    expect(page.html).toContain(`href="/t/${question.threadId}/webhooks-stop-after-a-password-change/2#post-2"`)
    expect(page.html).toContain('<span>Rotate the </span><mark>signing</mark><span> </span><mark>secret</mark>')
    expect(page.html).toContain('✓ Solved')
  })

  it('says plainly when nothing matches, offering to ask with the query as the title', async () => {
    const page = await get('/search?q=zyzzyva+quuxplonk&kind=idea')
    expect(page.status).toBe(200)
    expect(page.html).toContain('No threads match “zyzzyva quuxplonk”')
    expect(page.html).toContain('searching without filters')
    expect(page.html).toContain('href="/new?title=zyzzyva%20quuxplonk"')
  })

  it('refuses a query too long to be one with a 400 and a message, and ignores filter values it does not know', async () => {
    const long = await get(`/search?q=${'a'.repeat(201)}`)
    expect(long.status).toBe(400)
    expect(long.html).toContain('Search for at most 200 characters.')
    const odd = await get('/search?q=secret&kind=poem&page=-3&from=yesterday&sort=random')
    expect(odd.status).toBe(200)
  })

  it('suggests similar threads as JSON, answered ones with the start of their answer', async () => {
    await scene()
    const response = await fetch(
      `${forum.url}/search/similar?title=${encodeURIComponent('webhooks stopped working after password change')}`,
    )
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.answered[0]).toMatchObject({ title: 'Webhooks stop after a password change', solved: true })
    expect(body.answered[0].acceptedExcerpt).toBe('Rotate the signing secret after a password reset.')
  })

  it('records searches, a search typed letter by letter once, and shows staff those that found nothing', async () => {
    const member = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    for (const q of ['glorp', 'glorpf', 'glorpfix']) await get(`/search?q=${q}`, cookie)
    const rows = await db.sql`select query, results, user_id from search_log where query like 'glorp%'`
    expect(rows).toEqual([{ query: 'glorpfix', results: 0, userId: member.id }])

    expect((await get('/search/misses', cookie)).status).toBe(403)
    expect((await get('/search/misses')).status).toBe(302)
    const staff = await makeUser(db.sql, { role: 'staff' })
    const misses = await get('/search/misses', await signIn(forum.url, staff.username, TEST_PASSWORD))
    expect(misses.status).toBe(200)
    expect(misses.html).toContain('<h1>Searches that found nothing</h1>')
    expect(misses.html).toMatch(/<td><a [^>]*>glorpfix<\/a><\/td>/)
  })

  it('forgets searches older than the retention setting', async () => {
    await db.sql`insert into search_log (query, results, searched_at) values ('ancient search', 0, now() - interval '181 days'), ('recent search', 0, now() - interval '2 days')`
    await pruneSearchLog(db.sql)
    const left = await db.sql`select query from search_log where query in ('ancient search', 'recent search')`
    expect(left.map((r) => r.query)).toEqual(['recent search'])
  })

  it('limits searches per address', async () => {
    // 120 a minute, scaled to 6 here.
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await get(`/search?q=limit${i}`, undefined, limited.url)).status)
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200])
    expect(statuses.at(-1)).toBe(429)
  })
})
