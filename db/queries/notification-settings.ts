import type { Db } from '../client'
import type { Delivery, NotificationTopic } from '../types'

/** The topics a member has chosen for; topics without a row follow their default. */
export async function listNotificationSettings(sql: Db, userId: number): Promise<Array<{ topic: NotificationTopic; delivery: Delivery }>> {
  return sql<Array<{ topic: NotificationTopic; delivery: Delivery }>>`
    select topic, delivery from notification_settings where user_id = ${userId}`
}

/** Sets these topics for a member, replacing any earlier choice. */
export async function upsertNotificationSettings(
  sql: Db,
  userId: number,
  choices: Array<{ topic: NotificationTopic; delivery: Delivery }>,
): Promise<void> {
  if (!choices.length) return
  await sql`
    insert into notification_settings (user_id, topic, delivery)
    select ${userId}, c.topic, c.delivery
    from unnest(${choices.map((c) => c.topic)}::text[], ${choices.map((c) => c.delivery)}::text[]) as c (topic, delivery)
    on conflict (user_id, topic) do update set delivery = excluded.delivery`
}

/** The chosen delivery of one topic for each of these members who chose one. */
export async function findDeliveries(
  sql: Db,
  userIds: number[],
  topic: NotificationTopic,
): Promise<Array<{ userId: number; delivery: Delivery }>> {
  if (!userIds.length) return []
  return sql<Array<{ userId: number; delivery: Delivery }>>`
    select user_id, delivery from notification_settings
    where user_id = any(${userIds}::bigint[]) and topic = ${topic}`
}
