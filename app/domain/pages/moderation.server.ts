import type { Sql } from '../../../db/client'
import * as mod from '../../../db/queries/moderation'
import { excerptOf } from '../markdown/render.server'
import { authorize, can, type Actor } from '../policy.server'

/** The staff queue: flagged posts with their flags, context and author's record, newest or most flagged first. */
export async function getModerationQueue(sql: Sql, actor: Actor, order: 'newest' | 'most') {
  authorize(actor, 'mod:queue')
  const items = await mod.listQueue(sql, order, 100)
  return {
    order,
    items: items.map((item) => ({
      ...item,
      excerpt: excerptOf(item.html, 400),
      html: undefined,
      canSuspend: can(actor, 'user:suspend', { role: item.authorRole as 'member' }),
      suspended: item.authorSuspendedUntil !== null && item.authorSuspendedUntil > new Date(),
    })),
  }
}

/** How many posts wait for staff: the header's count. */
export function countWaiting(sql: Sql) {
  return mod.countWaiting(sql)
}
