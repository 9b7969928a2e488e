import { redirect } from '@remix-run/node'

import { renderPost } from '../../domain/markdown/pipeline.server'
import { replySchema } from '../../domain/threads/thread.schema'
import { deletePost, replyToThread, setLocked } from '../../domain/threads/write.server'
import { intent } from '../intents.server'
import { postUrl } from '../urls'
import { nothing, postField } from './fields'

/** What readers and staff do to a thread and its posts. */
export const threadIntents = {
  reply: intent(replySchema, async ({ sql, actor, id, limits }, { body }) => {
    const post = await replyToThread(sql, actor, id, body, limits)
    throw redirect(postUrl({ id: post.threadId, slug: post.slug }, post.postNumber))
  }),
  preview: intent(replySchema, async ({ sql }, { body }) => ({ preview: await renderPost(sql, body), values: { body } })),
  lock: intent(nothing, async ({ sql, actor, id }) => {
    await setLocked(sql, actor, id, true)
    return { message: 'Thread locked.' }
  }),
  unlock: intent(nothing, async ({ sql, actor, id }) => {
    await setLocked(sql, actor, id, false)
    return { message: 'Thread unlocked.' }
  }),
  delete: intent(postField, async ({ sql, actor, id }, { postId }) => {
    const deleted = await deletePost(sql, actor, postId, id)
    return { message: `Post #${deleted.postNumber} was deleted.` }
  }),
}
