import { afterEach, describe, expect, it } from 'vitest'

import { replyToThread } from '../app/domain/threads/write.server'
import { createSql, type Sql } from '../db/client'
import { listConsumerStatus } from '../db/queries/consumers'
import { startConsumers } from '../server/consumers'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser } from '../tests/factories'
import { searchConsumer } from './indexer'
import type { SearchEngine } from './port'
import { createPostgresEngine } from './postgres'

const db = setupTestDatabase()
const runners: { stop: () => Promise<void> }[] = []
const pools: Sql[] = []

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()))
  await Promise.all(pools.splice(0).map((p) => p.end({ timeout: 1 })))
})

/** The real engine behind a switch: while `down`, every call fails as a network error would. */
function unplugged(engine: SearchEngine) {
  const state = { down: true, failures: 0 }
  const flaky: SearchEngine = {
    ...engine,
    update: async (sql, change) => {
      if (state.down) {
        state.failures++
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7700'), { code: 'ECONNREFUSED' })
      }
      return engine.update(sql, change)
    },
  }
  return { engine: flaky, state }
}

async function postsIndexedWith(word: string) {
  const [row] = await db.sql<[{ rows: number; posts: number }]>`
    select count(*)::int as rows, count(distinct post_id)::int as posts from search_posts
    where document @@ to_tsquery('english', ${word})`
  return row
}

async function caughtUp() {
  await expect
    .poll(async () => (await listConsumerStatus(db.sql)).find((c) => c.name === 'search')?.lagEvents, { timeout: 20_000, interval: 100 })
    .toBe(0)
}

describe('the search indexer', () => {
  it('lets 200 replies through while the engine is away, and indexes each once when it is back', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const thread = await makeThread(db.sql, author, category.slug)
    const { engine, state } = unplugged(createPostgresEngine())
    runners.push(await startConsumers(db.sql, [searchConsumer(engine)], { retryMs: 20, maxRetryMs: 100, sweepMs: 100 }))

    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => replyToThread(db.sql, author, thread.threadId, `Reply ${i} about quokkas`)),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    await expect.poll(() => state.failures, { timeout: 5_000 }).toBeGreaterThan(0)
    expect(await postsIndexedWith('quokka')).toEqual({ rows: 0, posts: 0 })

    state.down = false
    await caughtUp()
    // Another test file's open transaction can hold the last events back a moment after the position is caught up.
    await expect.poll(() => postsIndexedWith('quokka'), { timeout: 10_000 }).toEqual({ rows: 200, posts: 200 })
    const found = await createPostgresEngine().search(db.sql, { text: 'quokkas', filters: {}, sort: 'relevance', page: 1, perPage: 20 })
    expect(found.hits.map((h) => h.threadId)).toEqual([thread.threadId])
  })

  it('two processes indexing at once double nothing', async () => {
    const author = await makeUser(db.sql)
    const category = await makeCategory(db.sql)
    const threads = await Promise.all(Array.from({ length: 4 }, () => makeThread(db.sql, author, category.slug)))
    for (let process = 0; process < 2; process++) {
      const pool = createSql(db.url, { max: 3 })
      pools.push(pool)
      runners.push(await startConsumers(pool, [searchConsumer(createPostgresEngine())], { sweepMs: 50 }))
    }
    await Promise.all(Array.from({ length: 120 }, (_, i) => replyToThread(db.sql, author, threads[i % 4].threadId, `Numbat sighting ${i}`)))
    await caughtUp()
    await expect.poll(() => postsIndexedWith('numbat'), { timeout: 10_000 }).toEqual({ rows: 120, posts: 120 })
    const [counts] = await db.sql<[{ threads: number }]>`
      select count(*)::int as threads from search_threads where thread_id = any(${threads.map((t) => t.threadId)}::bigint[])`
    expect(counts.threads).toBe(4)
  })
})
