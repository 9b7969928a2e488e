import { z } from 'zod'

import { approvePost, hidePost, withdrawFlag } from '../../domain/moderation/moderation.server'
import { intent } from '../intents.server'
import { postField } from './fields'

/** A member withdrawing a flag, and staff decisions, from the thread page (flags are sent from /p/:id/flag). */
export const moderationIntents = {
  unflag: intent(postField, async ({ sql, actor }, { postId }) => {
    const done = await withdrawFlag(sql, actor, postId)
    return { message: `Your flag on post #${done.postNumber} was withdrawn.` }
  }),
  hide: intent(postField.extend({ reason: z.string().optional() }), async ({ sql, actor }, input) => {
    const done = await hidePost(sql, actor, input.postId, input.reason)
    return { message: `Post #${done.postNumber} is hidden.` }
  }),
  approve: intent(postField, async ({ sql, actor }, { postId }) => {
    const done = await approvePost(sql, actor, postId)
    return { message: done.held ? `Approved: it is public now as post #${done.postNumber}.` : `Post #${done.postNumber} is approved.` }
  }),
}
