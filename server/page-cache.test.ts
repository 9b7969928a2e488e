import { describe, expect, it } from 'vitest'

import { replyToThread } from '../app/domain/threads/write.server'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db, { PAGE_CACHE_SECONDS: '60' })

async function visit(path: string, cookie?: string) {
  const response = await fetch(forum.url + path, { headers: cookie ? { cookie } : {} })
  const html = await response.text()
  return { response, html, cache: response.headers.get('x-page-cache') }
}

/**
 * Visits until the page comes from the cache. The thread a test just made
 * announces itself, and that news may empty the cache a moment later.
 */
async function visitKept(path: string) {
  await expect.poll(async () => (await visit(path)).cache, { timeout: 5_000 }).toBe('hit')
  return visit(path)
}

async function newThread(title: string) {
  const author = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const ref = await makeThread(db.sql, author, category.slug, { title })
  return { author, category, ref, path: `/t/${ref.threadId}/${ref.slug}` }
}

describe('the page cache for visitors', () => {
  it('serves a visitor the kept page with a nonce of its own that matches its CSP', async () => {
    const { path } = await newThread('Kept pages get fresh nonces')
    const first = await visit(path)
    const second = await visitKept(path)
    expect(first.cache).toBe('miss')
    expect(second.cache).toBe('hit')
    expect(second.response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(second.html).toContain('Kept pages get fresh nonces')

    const nonces = [first, second].map(({ response, html }) => {
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy')!)![1]
      const tags = html.match(/<script\b[^>]*>/g) ?? []
      expect(tags.length).toBeGreaterThan(0)
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`)
      return nonce
    })
    expect(nonces[1]).not.toBe(nonces[0])
  })

  it('shows a visitor a reply as soon as a member posts it', async () => {
    const { path } = await newThread('Replies appear at once')
    expect((await visitKept(path)).cache).toBe('hit')
    const member = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    const reply = await postForm(forum.url, path, { intent: 'reply', body: 'Fresh reply the visitor must see.' }, cookie)
    expect(reply.status).toBe(302)
    const after = await visit(path)
    expect(after.cache).toBe('miss')
    expect(after.html).toContain('Fresh reply the visitor must see.')
  })

  it('forgets kept pages when another process announces a change', async () => {
    const { path, ref } = await newThread('Announced elsewhere')
    expect((await visitKept(path)).cache).toBe('hit')
    // What another forum process does when it changes a thread: the row, then the event, in one transaction.
    await db.sql.begin(async (tx) => {
      await tx`update threads set title = 'Renamed by another process' where id = ${ref.threadId}`
      await tx`insert into outbox (type, payload) values ('thread:locked', ${tx.json({ threadId: ref.threadId, locked: false })})`
    })
    await expect.poll(async () => (await visit(path)).html, { timeout: 5_000 }).toContain('Renamed by another process')
  })

  it('never serves a member a kept page, nor keeps theirs for visitors', async () => {
    const { path } = await newThread('Members render fresh')
    const member = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    await visitKept(path)
    const mine = await visit(path, cookie)
    expect(mine.cache).toBeNull()
    expect(mine.html).toContain(member.username)
    const visitor = await visit(path)
    expect(visitor.cache).toBe('hit')
    expect(visitor.html).not.toContain(member.username)
  })

  it('keeps the data a live page reloads, until the next change', async () => {
    const { path, ref, author } = await newThread('Live reloads share one render')
    const data = `${path}.data?_routes=${encodeURIComponent('routes/t.$id.($slug)')}`
    expect((await visit(data)).cache).toBe('miss')
    const kept = await visitKept(data)
    expect(kept.cache).toBe('hit')
    expect(kept.response.headers.get('content-type')).toMatch(/^text\/x-script/)
    await replyToThread(db.sql, author, ref.threadId, 'A reply every reader reloads for')
    await expect.poll(async () => (await visit(data)).html, { timeout: 5_000 }).toContain('A reply every reader reloads for')
  })

  it('does not keep missing pages', async () => {
    await visit('/t/987654321')
    const again = await visit('/t/987654321')
    expect(again.response.status).toBe(404)
    expect(again.cache).toBe('miss')
  })
})
