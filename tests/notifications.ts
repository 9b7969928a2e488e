import type { Sql } from '../db/client'
import type { Delivery, NotificationKind, NotificationTopic } from '../db/types'

/*
 * Notifications written straight into the table, as the notifications
 * writer would: for tests of what happens after (mail, digests).
 */

let events = 0

export async function makeNotification(
  sql: Sql,
  n: {
    userId: number
    kind: NotificationKind
    topic: NotificationTopic
    email: Delivery
    threadId?: number | null
    postId?: number | null
    actorId?: number | null
    detail?: Record<string, string>
  },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into notifications (user_id, event_id, kind, topic, thread_id, post_id, actor_id, detail, email)
    values (${n.userId}, ${1_000_000 + ++events}, ${n.kind}, ${n.topic}, ${n.threadId ?? null}, ${n.postId ?? null},
            ${n.actorId ?? null}, ${sql.json((n.detail ?? {}) as never)}, ${n.email})
    returning id`
  return row.id
}
