import { z } from 'zod'

import { approvePost, flagPost, hidePost, withdrawFlag } from '../../domain/moderation/moderation.server'
import { intent } from '../intents.server'
import { postField } from './fields'

/** Flags from members and staff decisions, from the thread page. */
export const moderationIntents = {
  flag: intent(postField.extend({ reason: z.string().optional(), note: z.string().optional() }), async ({ sql, actor, limits }, input) => {
    const flagged = await flagPost(sql, actor, input.postId, { reason: input.reason, note: input.note }, limits)
    return {
      message: flagged.hidden
        ? `Thanks: post #${flagged.postNumber} is hidden until staff review it.`
        : `Thanks: staff will review post #${flagged.postNumber}.`,
    }
  }),
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
    return { message: `Post #${done.postNumber} is approved.` }
  }),
}
