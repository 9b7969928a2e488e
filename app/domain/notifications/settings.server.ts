import type { Db } from '../../../db/client'
import { findMailAddress } from '../../../db/queries/mail'
import { findDeliveries, listNotificationSettings, upsertNotificationSettings } from '../../../db/queries/notification-settings'
import { notificationTopics, type Delivery, type NotificationTopic } from '../../../db/types'
import type { User } from '../policy.server'
import { validate } from '../validate'
import { notificationSettingsSchema } from './settings.schema'
import { defaultDelivery, topicLabels } from './topics'

/*
 * How a member hears of each topic by email. A topic without a row of its
 * own follows its default (topics.ts), so changing a default reaches
 * everyone who never chose.
 */

export interface TopicSetting {
  topic: NotificationTopic
  label: string
  hint: string
  delivery: Delivery
}

export interface NotificationSettingsPage {
  topics: TopicSetting[]
  /** Mail goes only to a confirmed address; until then the page says so. */
  emailConfirmed: boolean
}

export async function getNotificationSettings(sql: Db, user: User): Promise<NotificationSettingsPage> {
  const [chosen, address] = await Promise.all([listNotificationSettings(sql, user.id), findMailAddress(sql, user.id)])
  const byTopic = new Map(chosen.map((row) => [row.topic, row.delivery]))
  return {
    topics: notificationTopics.map((topic) => ({
      topic,
      ...topicLabels[topic],
      delivery: byTopic.get(topic) ?? defaultDelivery[topic],
    })),
    emailConfirmed: Boolean(address?.emailVerifiedAt),
  }
}

/** Saves the whole form: every topic's choice. Bad values are field errors (a 400). */
export async function saveNotificationSettings(sql: Db, user: User, input: unknown): Promise<void> {
  const form = validate(notificationSettingsSchema, input)
  await upsertNotificationSettings(
    sql,
    user.id,
    notificationTopics.map((topic) => ({ topic, delivery: form[topic] })),
  )
}

/** Stops mail on one topic, or on every topic (`all`): what an unsubscribe link does. */
export async function stopMail(sql: Db, userId: number, topic: NotificationTopic | 'all'): Promise<void> {
  const topics = topic === 'all' ? notificationTopics : [topic]
  await upsertNotificationSettings(
    sql,
    userId,
    topics.map((t) => ({ topic: t, delivery: 'never' as const })),
  )
}

/**
 * How each of these members hears of `topic` by email, defaults applied:
 * what the notifications writer records on each notification it writes.
 */
export async function deliveriesFor(sql: Db, userIds: number[], topic: NotificationTopic): Promise<Map<number, Delivery>> {
  const chosen = new Map((await findDeliveries(sql, userIds, topic)).map((row) => [row.userId, row.delivery]))
  return new Map(userIds.map((id) => [id, chosen.get(id) ?? defaultDelivery[topic]]))
}
