import { describe, expect, it } from 'vitest'

import { createSql } from '../../../db/client'
import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { makeNotification } from '../../../tests/notifications'
import { runDigests } from './digests.server'

const db = setupTestDatabase()
const HOUR = 60 * 60 * 1000

async function digestsFor(userId: number) {
  return db.sql<{ notificationIds: number[] }[]>`
    select notification_ids from mails where user_id = ${userId} and kind = 'digest' order by id`
}

async function waitingNotification(userId: number, email: 'digest' | 'immediately' = 'digest') {
  const author = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, author, category.slug)
  return makeNotification(db.sql, {
    userId,
    kind: 'new_thread',
    topic: 'new_threads',
    email,
    threadId: thread.threadId,
    postId: thread.postId,
    actorId: author.id,
  })
}

describe('daily digests', () => {
  it('queues a digest at once the first time, then not again before 24 hours have passed', async () => {
    const member = await makeUser(db.sql)
    const t0 = new Date('2030-01-01T08:00:00Z')
    const first = await waitingNotification(member.id)
    await waitingNotification(member.id, 'immediately')
    await runDigests(db.sql, t0)
    expect((await digestsFor(member.id)).map((d) => d.notificationIds)).toEqual([[first]])
    const [row] = await db.sql<{ emailedAt: Date | null }[]>`select emailed_at from notifications where id = ${first}`
    expect(row.emailedAt).toEqual(t0)

    const second = await waitingNotification(member.id)
    await runDigests(db.sql, new Date(t0.getTime() + 23 * HOUR))
    expect(await digestsFor(member.id)).toHaveLength(1)
    await runDigests(db.sql, new Date(t0.getTime() + 24 * HOUR))
    expect((await digestsFor(member.id)).map((d) => d.notificationIds)).toEqual([[first], [second]])
    // Nothing waits: nothing more is queued, however late.
    await runDigests(db.sql, new Date(t0.getTime() + 72 * HOUR))
    expect(await digestsFor(member.id)).toHaveLength(2)
  })

  it('leaves out what the member already read', async () => {
    const member = await makeUser(db.sql)
    const read = await waitingNotification(member.id)
    await db.sql`update notifications set read_at = now() where id = ${read}`
    await runDigests(db.sql, new Date('2030-02-01T08:00:00Z'))
    expect(await digestsFor(member.id)).toEqual([])
  })

  it('queues one digest when two processes run at once', async () => {
    const members = await Promise.all(Array.from({ length: 20 }, () => makeUser(db.sql)))
    for (const member of members) await waitingNotification(member.id)
    const pools = [createSql(db.url, { max: 2 }), createSql(db.url, { max: 2 })]
    try {
      const now = new Date('2030-03-01T08:00:00Z')
      const counts = await Promise.all([runDigests(pools[0], now), runDigests(pools[1], now), runDigests(pools[0], now)])
      expect(counts.reduce((a, b) => a + b, 0)).toBe(20)
    } finally {
      await Promise.all(pools.map((p) => p.end({ timeout: 1 })))
    }
    for (const member of members) expect(await digestsFor(member.id), member.username).toHaveLength(1)
  })
})
