import type { Sql } from '../../../db/client'
import { findCategoryById } from '../../../db/queries/categories'
import * as q from '../../../db/queries/notifications'
import { findThreadById } from '../../../db/queries/threads'
import type { WatchLevel } from '../../../db/types'
import { postUrl, threadUrl } from '../../lib/urls'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { authorize, readablePosts, visibleThreads, type Actor } from '../policy.server'
import { describeNotification } from './describe'

/* A member's notifications (the bell and /notifications) and what they watch. */

const PAGE_SIZE = 30

export async function getNotificationsPage(sql: Sql, actor: Actor, before?: number) {
  if (!actor) throw new DomainError('unauthorized')
  const rows = await q.listNotifications(sql, actor.id, {
    before,
    limit: PAGE_SIZE + 1,
    visible: visibleThreads(sql, actor),
    readable: readablePosts(sql, actor),
  })
  const items = rows.slice(0, PAGE_SIZE).map((n) => ({
    id: n.id,
    kind: n.kind,
    text: describeNotification(n),
    note: n.kind === 'idea_status' ? (n.detail.note ?? null) : null,
    href: n.threadSlug
      ? n.postNumber
        ? postUrl({ id: n.threadId!, slug: n.threadSlug }, n.postNumber)
        : threadUrl({ id: n.threadId!, slug: n.threadSlug })
      : null,
    createdAt: n.createdAt,
    read: n.readAt !== null,
  }))
  return { items, nextBefore: rows.length > PAGE_SIZE ? items[items.length - 1].id : null }
}

/** Marks one notification read, or all of them (null); every open tab's bell hears the new count. */
export async function readNotifications(sql: Sql, actor: Actor, id: number | null): Promise<number> {
  if (!actor) throw new DomainError('unauthorized')
  return sql.begin(async (tx) => {
    const changed = await q.markRead(tx, actor.id, id)
    if (changed) {
      const unread = (await q.countUnreadOf(tx, [actor.id])).get(actor.id) ?? 0
      await recordEvent(tx, { type: 'notifications:read', userId: actor.id, unread })
    }
    return changed
  })
}

/** Watch, mute, or go back to normal (null) for a thread the member can see. */
export async function setThreadWatchLevel(sql: Sql, actor: Actor, threadId: number, level: WatchLevel | null) {
  const thread = await findThreadById(sql, threadId)
  if (!thread) throw new DomainError('not_found')
  const user = authorize(actor, 'thread:watch', thread)
  await q.setThreadWatch(sql, user.id, threadId, level)
}

/** Watch (tell me of new threads), mute (silence its threads), or normal, for a category the member reads. */
export async function setCategoryWatchLevel(sql: Sql, actor: Actor, categoryId: number, level: WatchLevel | null) {
  const category = await findCategoryById(sql, categoryId)
  if (!category) throw new DomainError('not_found')
  const user = authorize(actor, 'category:watch', category)
  await q.setCategoryWatch(sql, user.id, categoryId, level)
}
