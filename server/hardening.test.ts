import { describe, expect, it } from 'vitest'

import { pointsUsed } from '../app/domain/limits/limits.server'
import { createSql } from '../db/client'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'
import { ConfigError, readEnv } from './env'

const db = setupTestDatabase()
// Limits on, behind one trusted proxy on loopback: X-Forwarded-For's last entry is the client.
const forum = setupForumServer(db, { RATE_LIMITS: 'on', TRUST_PROXY: 'loopback' })
const oneHop = setupForumServer(db, { RATE_LIMITS: 'on', TRUST_PROXY: '1' })
const https = setupForumServer(db, { PUBLIC_URL: 'https://forum.example' })

let address = 0
const newAddress = () => `198.51.100.${++address}`

function signInAt(base: string, path: string, fields: Record<string, string>, from: string, extra: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, 'X-Forwarded-For': from, ...extra },
    body: new URLSearchParams(fields),
  })
}

/** Failed sign-ins counted against an account in its current window. */
const failures = (userId: number) => pointsUsed(db.sql, 'sign-in-account', userId)

describe('redirects after sign-in', () => {
  const hostile = [
    '/.//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/%2e%2e//evil.example',
    '//evil.example',
    '/\\evil.example',
  ]

  it('never sends a freshly signed-in user to another site', async () => {
    const user = await makeUser(db.sql)
    for (const next of hostile) {
      const response = await signInAt(forum.url, '/login', { username: user.username, password: TEST_PASSWORD, next }, newAddress())
      expect(response.status, next).toBe(302)
      expect(response.headers.get('location'), next).toBe('/')
    }
  })

  it('keeps a signed-in visitor of /login or /join on this site', async () => {
    const user = await makeUser(db.sql)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    for (const page of ['/login', '/join']) {
      for (const next of hostile) {
        const response = await fetch(`${forum.url}${page}?next=${encodeURIComponent(next)}`, {
          redirect: 'manual',
          headers: { Cookie: cookie },
        })
        expect(response.headers.get('location'), `${page} ${next}`).toBe('/')
      }
    }
  })
})

describe('sign-in limits', () => {
  it('stops guessing one account from many addresses and by any spelling of the path', async () => {
    const victim = await makeUser(db.sql)
    const home = newAddress()
    // The owner signed in before from home.
    expect((await signInAt(forum.url, '/login', { username: victim.username, password: TEST_PASSWORD }, home)).status).toBe(302)
    const spellings = ['/login', '/login/', '/Login', '/LOGIN/', '/login.data', '/login?index', '/login//']
    for (let i = 0; i < 10; i++) {
      const response = await signInAt(
        forum.url,
        spellings[i % spellings.length],
        { username: victim.username, password: `guess number ${i}` },
        newAddress(),
      )
      expect(response.status, spellings[i % spellings.length]).not.toBe(302)
    }
    expect(await failures(victim.id)).toBe(10)
    // The eleventh guess is not checked at all, even with the right password, from anywhere new, by any path.
    for (const path of ['/login', '/login.data', '/Login/']) {
      const refused = await signInAt(forum.url, path, { username: victim.username, password: TEST_PASSWORD }, newAddress())
      expect(refused.headers.get('set-cookie'), path).toBeNull()
      if (path === '/login') {
        expect(refused.status).toBe(429)
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(await refused.text()).toContain('Too many failed sign-ins for this account')
      }
    }
    expect(await failures(victim.id)).toBe(10)
    // Its owner, from an address that signed in before, still gets in, and that resets the count.
    const owner = await signInAt(forum.url, '/login', { username: victim.username, password: TEST_PASSWORD }, home)
    expect(owner.status).toBe(302)
    expect(await failures(victim.id)).toBe(0)
    expect((await signInAt(forum.url, '/login', { username: victim.username, password: TEST_PASSWORD }, newAddress())).status).toBe(302)
  })

  it('stops one address guessing many accounts, and a spoofed X-Forwarded-For does not reset it', async () => {
    const real = '203.0.113.77'
    let refused: Response | undefined
    for (let i = 0; i < 40 && !refused; i++) {
      const spoofed = `10.${i}.${i}.${i}`
      const response = await signInAt(
        oneHop.url,
        '/login',
        { username: `nobody_${i}`, password: 'wrong password here' },
        `${spoofed}, ${real}`,
      )
      if (response.status === 429) refused = response
    }
    expect(refused?.status).toBe(429)
    expect(await refused!.text()).toMatch(/Too many (failed sign-ins from your address|requests from your address)/)
    // Every failure was counted against the real address, none against the spoofed ones.
    expect(await pointsUsed(db.sql, 'sign-in-address', real)).toBe(30)
    const [spoofed] = await db.sql`select count(*)::int as n from rate_limits where key like 'sign-in-address:10.%'`
    expect(spoofed.n).toBe(0)
  })

  it('refuses TRUST_PROXY=true, which would let any client choose its address', () => {
    expect(() => readEnv({ TRUST_PROXY: 'true' })).toThrow(ConfigError)
    expect(readEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2)
    expect(readEnv({ TRUST_PROXY: '10.0.0.0/8, loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', 'loopback'])
    expect(() => readEnv({ TRUST_PROXY: 'everyone' })).toThrow(ConfigError)
  })
})

describe('hostile bodies and odd input', () => {
  it('answers a form of 123,000 fields with a short 413 before parsing it', async () => {
    const body = '&'.repeat(123_000)
    const response = await fetch(`${forum.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: forum.url, 'X-Forwarded-For': newAddress() },
      body,
    })
    expect(response.status).toBe(413)
    const text = await response.text()
    expect(text).toContain('more than 100 fields')
    expect(text.length).toBeLessThan(2_000)
  })

  it('never echoes fields the form does not have', async () => {
    const response = await signInAt(
      forum.url,
      '/join',
      { username: 'x', email: 'bad', password: 'short', junk: 'ECHO_ME_'.repeat(100) },
      newAddress(),
    )
    expect(response.status).toBe(400)
    expect(await response.text()).not.toContain('ECHO_ME_')
  })

  it('answers NUL characters, undecodable paths and non-form bodies with a 4xx and a message', async () => {
    const user = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, user, category.slug)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const nul = await postForm(forum.url, `/t/${ref.threadId}/${ref.slug}`, { intent: 'reply', body: 'before\u0000after' }, cookie)
    expect(nul.status).toBe(400)
    expect(await nul.text()).toContain('NUL character')
    const nulLogin = await signInAt(forum.url, '/login', { username: 'a\u0000b', password: 'whatever it is' }, newAddress())
    expect(nulLogin.status).toBe(400)
    for (const path of ['/u/%ff', '/%', '/t/%E0%A4%A', '/u/a%00b', '/c/x?sort=%00']) {
      const response = await fetch(forum.url + path)
      expect(response.status, path).toBe(400)
      expect(await response.text(), path).toContain('not valid')
    }
    const json = await fetch(`${forum.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: forum.url, 'X-Forwarded-For': newAddress() },
      body: JSON.stringify({ username: user.username, password: TEST_PASSWORD }),
    })
    expect(json.status).toBe(415)
    expect(await json.text()).toContain('takes forms only')
    const untyped = await fetch(`${forum.url}/login`, {
      method: 'POST',
      headers: { Origin: forum.url, 'X-Forwarded-For': newAddress() },
      body: 'username=x',
    })
    expect([400, 415]).toContain(untyped.status)
    const [posts] = await db.sql`select count(*)::int as n from posts where thread_id = ${ref.threadId}`
    expect(posts.n).toBe(1)
  })

  it('takes a one-emoji reply', async () => {
    const user = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, user, category.slug)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const response = await postForm(forum.url, `/t/${ref.threadId}/${ref.slug}`, { intent: 'reply', body: '✅' }, cookie)
    expect(response.status).toBe(302)
    const short = await postForm(forum.url, `/t/${ref.threadId}/${ref.slug}`, { intent: 'reply', body: 'k' }, cookie)
    expect(short.status).toBe(400)
  })
})

describe('headers', () => {
  it('sends a Permissions-Policy, and never lets a member’s page be cached', async () => {
    const visitor = await fetch(forum.url + '/')
    expect(visitor.headers.get('permissions-policy')).toContain('camera=()')
    expect(visitor.headers.get('cache-control') ?? '').not.toContain('private')
    const user = await makeUser(db.sql)
    const cookie = await signIn(forum.url, user.username, TEST_PASSWORD)
    const member = await fetch(forum.url + '/', { headers: { Cookie: cookie } })
    expect(member.headers.get('cache-control')).toBe('private, no-store')
  })

  it('marks the session cookie Secure when PUBLIC_URL is https, though the hop to the forum is plain', async () => {
    const user = await makeUser(db.sql)
    const response = await fetch(`${https.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://forum.example' },
      body: new URLSearchParams({ username: user.username, password: TEST_PASSWORD }),
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('set-cookie')).toMatch(/;\s*Secure/i)
    expect(response.headers.get('strict-transport-security')).toBeTruthy()
  })

  it('shows images only from hosts an admin allowed, in the CSP and in old posts too', async () => {
    const admin = await makeUser(db.sql, { role: 'admin' })
    const category = await makeCategory(db.sql)
    const ref = await makeThread(db.sql, admin, category.slug, { body: 'Look: ![chart](https://images.example/chart.png)' })
    const before = await fetch(`${forum.url}/t/${ref.threadId}/${ref.slug}`)
    expect(before.headers.get('content-security-policy')).not.toContain('images.example')
    expect(await before.text()).not.toContain('<img src="https://images.example/chart.png"')
    const cookie = await signIn(forum.url, admin.username, TEST_PASSWORD)
    expect((await postForm(forum.url, '/admin', { voteBudget: '', imageHosts: 'images.example' }, cookie)).status).toBe(200)
    let html = ''
    let csp = ''
    for (let i = 0; i < 50 && !html.includes('<img src="https://images.example/chart.png"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      const page = await fetch(`${forum.url}/t/${ref.threadId}/${ref.slug}`)
      csp = page.headers.get('content-security-policy') ?? ''
      html = await page.text()
    }
    expect(html).toContain('<img src="https://images.example/chart.png"')
    expect(csp).toMatch(/img-src 'self' https:\/\/images\.example/)
  })
})

describe('a database that stops answering', () => {
  it('answers pages and /healthz with 503 within the deadline, not a hang', async () => {
    // A forum of its own whose only pool connection is frozen (SIGSTOP) mid-session.
    const sql = createSql(db.url, { max: 1 })
    await sql`set application_name = 'forum_frozen_test'`
    const { startHttp } = await import('./app')
    const server = await startHttp(
      readEnv({
        PORT: '0',
        HOST: '127.0.0.1',
        RATE_LIMITS: 'off',
        LOG_REQUESTS: 'off',
        PAGE_CACHE_SECONDS: '0',
        QUERY_TIMEOUT_SECONDS: '1',
      }),
      { sql, embedded: false, close: async () => {} },
      () => {},
    )
    const url = server.url.replace('localhost', '127.0.0.1')
    const member = await makeUser(db.sql)
    const cookie = await signIn(url, member.username, TEST_PASSWORD)
    const [backend] = await db.sql`select pid from pg_stat_activity where application_name = 'forum_frozen_test'`
    process.kill(backend.pid as number, 'SIGSTOP')
    // Should the test itself hang, the frozen backend still wakes: a stopped one blocks every DROP DATABASE on the server.
    const thaw = setTimeout(() => process.kill(backend.pid as number, 'SIGCONT'), 20_000)
    try {
      const started = Date.now()
      const [page, health, memberPage] = await Promise.all([
        fetch(url + '/'),
        fetch(url + '/healthz'),
        // A member's page waits on their session too: it must not hang on it either.
        fetch(url + '/', { headers: { cookie } }),
      ])
      expect(memberPage.status).toBe(503)
      expect(memberPage.headers.get('cache-control')).toBe('private, no-store')
      expect(page.status).toBe(503)
      expect(await page.text()).toContain('not answering')
      expect(health.status).toBe(503)
      expect((await health.json()).database.ok).toBe(false)
      expect(Date.now() - started).toBeLessThan(5_000)
    } finally {
      clearTimeout(thaw)
      process.kill(backend.pid as number, 'SIGCONT')
      await server.close()
      await sql.end({ timeout: 5 })
    }
  })

  it('has the server cancel a statement that runs past the timeout', async () => {
    const sql = createSql(db.url, { max: 1, statementTimeoutMs: 300 })
    try {
      const error = await sql`select pg_sleep(2)`.catch((e: unknown) => e)
      expect((error as { code?: string }).code).toBe('57014')
    } finally {
      await sql.end()
    }
  })
})
