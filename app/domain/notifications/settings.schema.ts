import { z } from 'zod'

import { deliveries, notificationTopics, type NotificationTopic } from '../../../db/types'
import { topicLabels } from './topics'

const choice = (topic: NotificationTopic) =>
  z.enum(deliveries, { message: `Choose Right away, Daily digest or Never for "${topicLabels[topic].label}".` })

/** The settings form: one choice per topic, each field named after its topic. */
export const notificationSettingsSchema = z.object(
  Object.fromEntries(notificationTopics.map((topic) => [topic, choice(topic)])) as Record<NotificationTopic, ReturnType<typeof choice>>,
)

export type NotificationSettingsForm = z.infer<typeof notificationSettingsSchema>
