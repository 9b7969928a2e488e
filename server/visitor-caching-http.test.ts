import { describe, expect, it } from 'vitest'

import { moveThread } from '../app/domain/threads/tools.server'
import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { setupForumServer, signIn } from '../tests/forum-server'

/* Visitors' browsers keep public pages and revalidate them; members' pages are never kept. */

const db = setupTestDatabase()
const forum = setupForumServer(db)

async function newThread(title = 'Revalidated pages stay cheap') {
  const author = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const ref = await makeThread(db.sql, author, category.slug, { title })
  return { author, category, ref, path: `/t/${ref.threadId}/${ref.slug}` }
}

// A conditional request as a browser revalidating its copy sends it. (fetch() would otherwise add
// `Cache-Control: no-cache`, a forced reload that no server answers from a validator.)
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(forum.url + path, {
    headers: headers['If-None-Match'] ? { 'Cache-Control': 'max-age=0', ...headers } : headers,
    redirect: 'manual',
  })

/**
 * The page's ETag once its events have settled. While a page's newest events
 * are younger than the oldest transaction running (in any test's database
 * here), its version also names that transaction and changes as it ends; a
 * settled version is the newest event's alone.
 */
async function settledEtag(path: string): Promise<string> {
  let etag = ''
  await expect
    .poll(async () => {
      etag = (await get(path)).headers.get('etag')!
      return /[tf]\d+"$/.test(etag)
    })
    .toBe(true)
  return etag
}

describe('caching for visitors', () => {
  it('sends a visitor public, no-cache with a weak ETag and Vary: Cookie, and no cookie', async () => {
    const { path } = await newThread()
    const response = await get(path)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, no-cache')
    expect(response.headers.get('etag')).toMatch(/^W\/".+"$/)
    expect(response.headers.get('vary')).toMatch(/\bCookie\b/i)
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it('answers an unchanged page 304 without a body or a CSP, and a changed one 200 with a new ETag', async () => {
    const { path, ref } = await newThread()
    const etag = await settledEtag(path)
    const first = await get(path)
    expect(first.headers.get('etag')).toBe(etag)
    // The nonce differs per response; the ETag does not follow it.
    const again = await get(path)
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('content-security-policy')).not.toBe(first.headers.get('content-security-policy'))

    const revalidated = await get(path, { 'If-None-Match': etag })
    expect(revalidated.status).toBe(304)
    expect(await revalidated.text()).toBe('')
    expect(revalidated.headers.get('content-security-policy')).toBeNull()
    expect(revalidated.headers.get('etag')).toBe(etag)

    const replier = await makeUser(db.sql)
    await replyToThread(db.sql, replier, ref.threadId, 'A reply that changes the page.')
    await expect.poll(async () => (await get(path, { 'If-None-Match': etag })).status).toBe(200)
    const changed = await get(path, { 'If-None-Match': etag })
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(await changed.text()).toContain('A reply that changes the page.')
  })

  it('keeps one thread revalidating while another thread changes', async () => {
    const quiet = await newThread('A quiet thread')
    const busy = await newThread('A busy thread')
    const etag = await settledEtag(quiet.path)
    await replyToThread(db.sql, busy.author, busy.ref.threadId, 'Elsewhere, a reply.')
    expect((await get(quiet.path, { 'If-None-Match': etag })).status).toBe(304)
  })

  it('stops revalidating a thread once visitors may no longer read it', async () => {
    const { path, ref } = await newThread()
    const etag = (await get(path)).headers.get('etag')!
    const staff = await makeUser(db.sql, { role: 'staff' })
    const membersOnly = await makeCategory(db.sql, { readableBy: 'members' })
    await moveThread(db.sql, staff, ref.threadId, { category: membersOnly.slug })
    const after = await get(path, { 'If-None-Match': etag })
    expect(after.status).not.toBe(304)
  })

  it('gives the forum-wide pages ETags that change with any public event', async () => {
    const etag = await settledEtag('/')
    expect(etag).toMatch(/^W\//)
    await newThread('News on the home page')
    await expect.poll(async () => (await get('/', { 'If-None-Match': etag })).status).toBe(200)
  })

  it('sends a member private, no-store with no ETag, and never a 304', async () => {
    const { path } = await newThread()
    const etag = (await get(path)).headers.get('etag')!
    const member = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    const response = await get(path, { cookie, 'If-None-Match': etag })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(response.headers.get('etag')).toBeNull()
  })

  it('sends no ETag with a page that is not found, and does not revalidate search results', async () => {
    const missing = await get('/t/999999999/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('etag')).toBeNull()
    const search = await get('/search?q=anything')
    expect(search.headers.get('etag')).toBeNull()
  })

  it('serves fingerprinted assets as immutable for a year', async () => {
    const html = await (await get('/')).text()
    const asset = /\/build\/[^"]+\.js/.exec(html)![0]
    const response = await get(asset)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/)
  })
})
