import { redirect } from '@remix-run/node'

import { acceptAnswer, setHelpfulVote, setMeToo, unacceptAnswer } from '../../domain/questions/questions.server'
import { intent } from '../intents.server'
import { postUrl } from '../urls'
import { nothing, postField, wanted } from './fields'

/** Helpful votes, "me too" and accepted answers. */
export const questionIntents = {
  helpful: intent(postField.extend(wanted.shape), async ({ sql, actor, id, limits }, { postId, value }) => {
    const vote = await setHelpfulVote(sql, actor, postId, value, id, limits)
    return { vote: { postId, voted: vote.voted, count: vote.count } }
  }),
  metoo: intent(wanted, async ({ sql, actor, id, limits }, { value }) => {
    const meToo = await setMeToo(sql, actor, id, value, limits)
    return { meToo: { on: meToo.on, count: meToo.count } }
  }),
  accept: intent(postField, async ({ sql, actor, id }, { postId }) => {
    const accepted = await acceptAnswer(sql, actor, id, postId)
    throw redirect(postUrl({ id, slug: accepted.slug }, accepted.postNumber))
  }),
  unaccept: intent(nothing, async ({ sql, actor, id }) => {
    await unacceptAnswer(sql, actor, id)
    return { message: 'The answer is no longer marked as accepted.' }
  }),
}
