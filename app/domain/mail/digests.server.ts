import type { Sql } from '../../../db/client'
import { claimDueDigests, markDigestSent, takeDigestNotifications } from '../../../db/queries/mail'
import { queueMail } from './queue.server'

/** Members handled per transaction: a long backlog goes in several short transactions. */
const BATCH = 200

/**
 * Queues the daily digests due at `now`: one mail per member whose last
 * digest went a day ago or never, holding their waiting digest
 * notifications, which are marked as emailed with it. Each batch is one
 * transaction that locks the members it takes (and skips those another run
 * holds), so several processes may run this at once and each member still
 * gets one digest. Returns how many were queued.
 */
export async function runDigests(sql: Sql, now: Date): Promise<number> {
  let queued = 0
  for (;;) {
    const claimed = await sql.begin(async (tx) => {
      const userIds = await claimDueDigests(tx, now, BATCH)
      for (const userId of userIds) {
        const notificationIds = await takeDigestNotifications(tx, userId, now)
        await markDigestSent(tx, userId, now)
        if (!notificationIds.length) continue
        await queueMail(tx, { kind: 'digest', userId, notificationIds })
        queued++
      }
      return userIds.length
    })
    if (claimed < BATCH) return queued
  }
}
