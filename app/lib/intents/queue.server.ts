import { z } from 'zod'

import { approvePost, deleteFromQueue, hidePost, suspendUser } from '../../domain/moderation/moderation.server'
import { idParam } from '../../domain/threads/thread.schema'
import { intent } from '../intents.server'
import { postField, reasonField } from './fields'

/** What staff do from the moderation queue, one action per item. */
export const queueIntents = {
  approve: intent(postField, async ({ sql, actor }, { postId }) => {
    const done = await approvePost(sql, actor, postId)
    return {
      message: done.held
        ? `Approved: it is public now as post #${done.postNumber}.`
        : `Approved post #${done.postNumber}; its flags are cleared.`,
    }
  }),
  hide: intent(postField.merge(reasonField), async ({ sql, actor }, input) => {
    const done = await hidePost(sql, actor, input.postId, input.reason)
    return { message: `Hid post #${done.postNumber}.` }
  }),
  delete: intent(postField.merge(reasonField), async ({ sql, actor }, { postId, reason }) => {
    const done = await deleteFromQueue(sql, actor, postId, reason)
    return { message: done.held ? 'Deleted the held post; it will not appear.' : `Deleted post #${done.postNumber}.` }
  }),
  suspend: intent(
    z.object({ userId: idParam.catch(0), days: z.string().optional(), reason: z.string().optional() }),
    async ({ sql, actor }, input) => {
      const done = await suspendUser(sql, actor, input.userId, { days: input.days, reason: input.reason })
      return { message: `Suspended ${done.username}.` }
    },
  ),
}
