import { describe, expect, it } from 'vitest'

import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db)

const form = (fields: Record<string, string>) => new URLSearchParams(fields)

async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${forum.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: forum.url, ...headers },
    body: form(fields),
  })
}

async function countRows(table: 'users' | 'threads' | 'posts' | 'sessions' | 'outbox') {
  const [row] = await db.sql`select count(*)::int as n from ${db.sql(table)}`
  return row.n as number
}

describe('the HTTP server', () => {
  it('serves an anonymous visitor without setting a cookie or writing to the database', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug, { title: 'Anonymous reading works' })
    const before = await Promise.all(['users', 'threads', 'posts', 'sessions', 'outbox'].map((t) => countRows(t as 'users')))
    for (const path of ['/', `/c/${category.slug}`, `/t/${ref.threadId}/${ref.slug}`, `/u/${author.username}`]) {
      const response = await fetch(forum.url + path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('set-cookie'), path).toBeNull()
    }
    const after = await Promise.all(['users', 'threads', 'posts', 'sessions', 'outbox'].map((t) => countRows(t as 'users')))
    expect(after).toEqual(before)
  })

  it('sends security headers with a per-request script nonce', async () => {
    const [a, b] = await Promise.all([fetch(forum.url + '/'), fetch(forum.url + '/')])
    const csp = a.headers.get('content-security-policy')!
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(b.headers.get('content-security-policy')).not.toBe(csp)
    expect(a.headers.get('x-content-type-options')).toBe('nosniff')
    expect(a.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]
    const html = await a.text()
    // Every script tag in the page carries the nonce.
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
  })

  it('answers an address no page lives at with the 404 page, its title and the nonce on every script', async () => {
    const response = await fetch(forum.url + '/no-such-page')
    expect(response.status).toBe(404)
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy')!)![1]
    const html = await response.text()
    expect(html).toContain('<title>Page not found · Community</title>')
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    // A member still sees themselves in the header; a write there is a 404 too.
    const user = await makeUser(db.sql)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const signedIn = await fetch(forum.url + '/no/such/page', { headers: { cookie } })
    expect(signedIn.status).toBe(404)
    expect(await signedIn.text()).toContain(`Your profile, ${user.username}`)
    expect((await post('/no-such-page', { anything: 'at all' }, { cookie })).status).toBe(404)
  })

  it('answers malformed and unknown ids with 404, never 500', async () => {
    for (const path of [
      '/t/abc',
      '/t/0',
      '/t/-1',
      '/t/99999999999999999999',
      '/t/123456789',
      '/c/nope',
      '/u/nobody-here',
      '/p/xyz/edit',
      '/t/1/slug/abc',
      '/c/x?before=garbage',
    ]) {
      const response = await fetch(forum.url + path, { redirect: 'manual' })
      expect([404, 302], path).toContain(response.status)
      if (response.status === 302) expect(response.headers.get('location'), path).toMatch(/^\/login/)
    }
  })

  it("redirects an old or missing slug to the thread's address", async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, author, category.slug, { title: 'Canonical addresses please' })
    const response = await fetch(`${forum.url}/t/${ref.threadId}`, { redirect: 'manual' })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe(`/t/${ref.threadId}/canonical-addresses-please`)
  })

  it('refuses state-changing requests from another origin', async () => {
    const user = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, user, category.slug)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const before = await countRows('posts')
    const forged = await post(
      `/t/${ref.threadId}/${ref.slug}`,
      { intent: 'reply', body: 'forged' },
      { Origin: 'https://evil.example', Cookie: cookie },
    )
    expect(forged.status).toBe(403)
    const crossSite = await post(
      `/t/${ref.threadId}/${ref.slug}`,
      { intent: 'reply', body: 'forged' },
      { 'Sec-Fetch-Site': 'cross-site', Origin: '', Cookie: cookie },
    )
    expect(crossSite.status).toBe(403)
    expect(await countRows('posts')).toBe(before)
    const real = await post(`/t/${ref.threadId}/${ref.slug}`, { intent: 'reply', body: 'a real reply' }, { Cookie: cookie })
    expect(real.status).toBe(302)
    expect(real.headers.get('location')).toBe(`/t/${ref.threadId}/${ref.slug}/2#post-2`)
    expect(await countRows('posts')).toBe(before + 1)
  })

  it('answers an oversized request body with 413 and stores nothing', async () => {
    const user = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, user, category.slug)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const before = await countRows('posts')
    const response = await post(`/t/${ref.threadId}/${ref.slug}`, { intent: 'reply', body: 'x'.repeat(1_100_000) }, { Cookie: cookie })
    expect(response.status).toBe(413)
    expect(await countRows('posts')).toBe(before)
  })

  it('rejects a body over the post limit with a clear field message', async () => {
    const user = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, user, category.slug)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const response = await post(`/t/${ref.threadId}/${ref.slug}`, { intent: 'reply', body: 'y'.repeat(50_001) }, { Cookie: cookie })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('A post can have at most 50,000 characters.')
  })

  it('ignores a forged role field at sign-up', async () => {
    const response = await post('/join', {
      username: 'sneaky',
      email: 'sneaky@example.test',
      password: 'long enough password',
      role: 'admin',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('set-cookie')).toMatch(/forum_session=.+; .*HttpOnly/i)
    const [user] = await db.sql`select role from users where username = 'sneaky'`
    expect(user.role).toBe('member')
  })

  it('sends a visitor who tries to post to sign in, and back afterwards', async () => {
    const user = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, user, category.slug)
    const response = await post(`/t/${ref.threadId}/${ref.slug}`, { intent: 'reply', body: 'who am I' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/t/${ref.threadId}/${ref.slug}`)}`)
    const newPage = await fetch(`${forum.url}/new`, { redirect: 'manual' })
    expect(newPage.headers.get('location')).toBe('/login?next=%2Fnew')
    const login = await post('/login', { username: user.username, password: TEST_PASSWORD, next: '//evil.example/x' })
    expect(login.headers.get('location')).toBe('/')
  })

  it('refuses unknown categories and kinds at /new with field messages and writes nothing', async () => {
    const user = await makeUser(db.sql)
    const category = await makeCategory(db.sql, { allowedKinds: ['discussion'] })
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const before = await countRows('threads')
    const unknown = await post('/new', { intent: 'post', category: 'nope', title: 'A fine title', body: 'Body text' }, { Cookie: cookie })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('Pick one of the categories listed.')
    const badKind = await post(
      '/new',
      { intent: 'post', category: category.slug, kind: 'question', title: 'A fine title', body: 'Body text' },
      { Cookie: cookie },
    )
    expect(badKind.status).toBe(400)
    expect(await badKind.text()).toContain('takes discussions only')
    const forgedKind = await post(
      '/new',
      { intent: 'post', category: category.slug, kind: 'poll', title: 'A fine title', body: 'Body text' },
      { Cookie: cookie },
    )
    expect(forgedKind.status).toBe(400)
    const empty = await post('/new', { intent: 'post', category: category.slug, title: '', body: '' }, { Cookie: cookie })
    expect(empty.status).toBe(400)
    expect(await countRows('threads')).toBe(before)
  })

  it('answers /healthz with the database status', async () => {
    const response = await fetch(forum.url + '/healthz')
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, live: { connections: 0 }, outbox: { stuck: 0 } })
  })

  it('counts this week’s threads and replies per category on the home page, and /healthz shows the consumer keeping up', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql, { name: 'Activity Corner' })
    const thread = await makeThread(db.sql, author, category.slug)
    for (const text of ['First answer here.', 'Second answer here.']) await replyToThread(db.sql, author, thread.threadId, text)
    const cookie = await signIn(forum.url, author.username, TEST_PASSWORD)
    const card = async () => {
      const html = await (await fetch(forum.url + '/', { headers: { Cookie: cookie } })).text()
      return /Activity Corner[\s\S]*?<p class="muted small">([^<]*(?:<!-- -->[^<]*)*)<\/p>/.exec(html)?.[1].replace(/<!-- -->/g, '')
    }
    await expect.poll(card, { timeout: 10_000 }).toMatch(/· 3 this week/)
    const health = async () => (await fetch(forum.url + '/healthz')).json()
    const consumers = async () =>
      (await health()).outbox.consumers.map((c: { name: string; lagEvents: number; failures: number }) => [c.name, c.lagEvents, c.failures])
    await expect.poll(consumers, { timeout: 10_000 }).toEqual([
      ['account-archives', 0, 0],
      ['category-activity', 0, 0],
      ['insights', 0, 0],
      ['mail', 0, 0],
      ['notifications', 0, 0],
      ['search', 0, 0],
    ])
    expect(await health()).toMatchObject({ outbox: { stuck: 0 }, search: { engine: 'postgres', ok: true, indexerLagEvents: 0 } })
  })

  it('ends the session on the server at sign-out', async () => {
    const user = await makeUser(db.sql)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const out = await post('/logout', {}, { Cookie: cookie })
    expect(out.status).toBe(302)
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/i)
    const [row] = await db.sql`select count(*)::int as n from sessions where user_id = ${user.id}`
    expect(row.n).toBe(0)
    const again = await fetch(`${forum.url}/new`, { redirect: 'manual', headers: { Cookie: cookie } })
    expect(again.status).toBe(302)
  })
})
