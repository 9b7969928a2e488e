import { redirect } from '@remix-run/node'

import { duplicateSchema, mergeThreadSchema, moveSchema, pinSchema, reopenSchema } from '../../domain/threads/tools.schema'
import { closeAsDuplicate, mergeThread, moveThread, pinThread, reopenDuplicate } from '../../domain/threads/tools.server'
import { intent } from '../intents.server'
import { postUrl } from '../urls'

/** Staff thread tools on the thread page; each names the one domain function it calls. */
export const toolIntents = {
  pin: intent(pinSchema, async ({ sql, actor, id }, input) => {
    await pinThread(sql, actor, id, input)
    return { message: input.pinned === 'none' ? 'Thread unpinned.' : 'Thread pinned.' }
  }),
  move: intent(moveSchema, async ({ sql, actor, id }, input) => {
    const moved = await moveThread(sql, actor, id, input)
    return { message: `Thread moved to ${moved.categoryName}.` }
  }),
  closeDuplicate: intent(duplicateSchema, async ({ sql, actor, id }, input) => {
    const other = await closeAsDuplicate(sql, actor, id, input)
    return { message: `Closed as a duplicate of “${other.title}”.` }
  }),
  reopenDuplicate: intent(reopenSchema, async ({ sql, actor, id }, input) => {
    await reopenDuplicate(sql, actor, id, input)
    return { message: 'Thread reopened.' }
  }),
  // The thread is gone from here: the reader follows its posts to where they now are.
  mergeThread: intent(mergeThreadSchema, async ({ sql, actor, id }, input) => {
    const merged = await mergeThread(sql, actor, id, input)
    throw redirect(postUrl({ id: merged.threadId, slug: merged.slug }, merged.postNumber))
  }),
}
