import { z } from 'zod'

import { readNotifications } from '../../domain/notifications/inbox.server'
import { idParam } from '../../domain/threads/thread.schema'
import { intent } from '../intents.server'
import { nothing } from './fields'

/** What a member does on /notifications. */
export const notificationIntents = {
  read: intent(z.object({ notificationId: idParam.catch(0) }), async ({ sql, actor }, { notificationId }) => {
    await readNotifications(sql, actor, notificationId)
    return { message: 'Marked as read.' }
  }),
  readAll: intent(nothing, async ({ sql, actor }) => {
    const changed = await readNotifications(sql, actor, null)
    return { message: changed ? `Marked ${changed} as read.` : 'Nothing was unread.' }
  }),
}
