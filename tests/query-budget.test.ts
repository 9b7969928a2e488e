import { describe, expect, it } from 'vitest'

import { pageOfPost, threadUrl } from '../app/lib/urls'
import { seedLarge } from '../seeds/large'
import { setupTestDatabase } from './database'
import { makeUser, TEST_PASSWORD } from './factories'
import { setupForumServer, signIn } from './forum-server'

/*
 * Each page is served in a fixed number of SQL statements whatever the
 * amount of data: the same pages are counted at two sizes and must match.
 */

let queries = 0
// postgres.js reads the type catalogue once per new pool connection: not a page's query.
const db = setupTestDatabase({ onQuery: (text) => void (text.includes('pg_catalog.pg_type') || queries++) })
// Background consumers would add their own statements to the count.
const forum = setupForumServer(db, { OUTBOX_CONSUMERS: 'off' })

/** Waits until no statement has started for a while: a busy machine finishes earlier work late. */
async function quiet() {
  for (let seen = -1; seen !== queries;) {
    seen = queries
    await new Promise((r) => setTimeout(r, 60))
  }
}

async function countQueries(path: string, cookie?: string) {
  // Anything still in flight from earlier requests finishes first, and what this page starts after answering counts too.
  await quiet()
  queries = 0
  const response = await fetch(forum.url + path, { headers: cookie ? { Cookie: cookie } : {} })
  expect(response.status, path).toBe(200)
  await response.text()
  await quiet()
  return queries
}

async function pages() {
  const [thread] = await db.sql<{ id: number; slug: string; lastPostNumber: number }[]>`
    select id, slug, last_post_number from threads where kind <> 'idea' order by last_post_number desc, id limit 1`
  const [idea] = await db.sql<{ id: number; slug: string }[]>`
    select id, slug from threads where kind = 'idea' order by last_post_number desc, id limit 1`
  const [category] = await db.sql<{ slug: string }[]>`select slug from categories order by thread_count desc limit 1`
  const [author] = await db.sql<{ username: string }[]>`
    select u.username from users u join posts p on p.author_id = u.id group by u.username order by count(*) desc limit 1`
  return {
    home: '/',
    category: `/c/${category.slug}`,
    thread: `/t/${thread.id}/${thread.slug}`,
    'thread, last page': threadUrl(thread, pageOfPost(thread.lastPostNumber)),
    'thread at a post': `/t/${thread.id}/${thread.slug}/${thread.lastPostNumber}`,
    profile: `/u/${author.username}`,
    idea: `/t/${idea.id}/${idea.slug}`,
    ideas: '/ideas',
    roadmap: '/ideas/roadmap',
  }
}

async function measure(cookie: string) {
  const counts: Record<string, { visitor: number; member: number }> = {}
  for (const [name, path] of Object.entries(await pages())) {
    // The fewer of two counts: a statement some other work started on a busy machine is not the page's.
    const twice = async (cookie?: string) => Math.min(await countQueries(path, cookie), await countQueries(path, cookie))
    counts[name] = { visitor: await twice(), member: await twice(cookie) }
  }
  return counts
}

describe('query budget', () => {
  it('serves every page in the same number of queries at two data sizes', async () => {
    const reader = await makeUser(db.sql)
    const cookie = await signIn(forum.url, reader.username, TEST_PASSWORD)
    await seedLarge(db.sql, { threads: 30, replies: 60, bigThreads: [25], seed: 1 })
    const small = await measure(cookie)
    await seedLarge(db.sql, { threads: 400, replies: 4000, bigThreads: [300], seed: 2 })
    const large = await measure(cookie)
    expect(large).toEqual(small)
    // And the budget itself: a visitor's page costs at most 4 statements,
    // and one more that reads its version (its ETag) before rendering; a
    // member's adds the session and, on threads, their own votes (and on ideas, their budget).
    // An idea's page adds its panel: customers affected, links, timeline, settings.
    for (const [name, count] of Object.entries(small)) {
      expect(count.visitor, name).toBeLessThanOrEqual(name === 'idea' ? 9 : 5)
      expect(count.member, name).toBeLessThanOrEqual(count.visitor + (name === 'idea' ? 3 : 2))
    }
  })
})
