import { redirect } from '@remix-run/node'

import { renderPost } from '../../domain/markdown/pipeline.server'
import { replySchema } from '../../domain/threads/thread.schema'
import { deletePost, replyToThread, setLocked } from '../../domain/threads/write.server'
import { intent } from '../intents.server'
import { heldPostUrl, postUrl } from '../urls'
import { postField, reasonField } from './fields'

/** What readers and staff do to a thread and its posts. */
export const threadIntents = {
  reply: intent(replySchema, async ({ sql, actor, id, limits, attach }, { body }) => {
    const post = await replyToThread(sql, actor, id, attach ? await attach(body) : body, limits)
    const thread = { id: post.threadId, slug: post.slug }
    throw redirect(post.postNumber === null ? heldPostUrl(thread, post.postId) : postUrl(thread, post.postNumber))
  }),
  preview: intent(replySchema, async ({ sql, attach }, { body }) => {
    const text = attach ? await attach(body) : body
    return { preview: await renderPost(sql, text), values: { body: text } }
  }),
  lock: intent(reasonField, async ({ sql, actor, id }, { reason }) => {
    await setLocked(sql, actor, id, true, reason)
    return { message: 'Thread locked.' }
  }),
  unlock: intent(reasonField, async ({ sql, actor, id }, { reason }) => {
    await setLocked(sql, actor, id, false, reason)
    return { message: 'Thread unlocked.' }
  }),
  delete: intent(postField.merge(reasonField), async ({ sql, actor, id }, { postId, reason }) => {
    const deleted = await deletePost(sql, actor, postId, id, reason)
    return { message: deleted.postNumber === null ? 'The held post was deleted.' : `Post #${deleted.postNumber} was deleted.` }
  }),
}
