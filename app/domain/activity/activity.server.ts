import type { Db } from '../../../db/client'
import { addCategoryActivity } from '../../../db/queries/activity'
import type { ForumEvent } from '../events'

/**
 * How busy each category is: threads and replies per day, kept from the
 * outbox by a consumer, so the home page shows "posts this week" without
 * counting posts on every visit.
 */
export async function recordActivity(tx: Db, events: (ForumEvent & { at: Date })[]) {
  const entries: { threadId: number; day: string; kind: 'thread' | 'reply' }[] = []
  for (const event of events) {
    // Days are UTC days, as the home page reads them.
    const day = event.at.toISOString().slice(0, 10)
    if (event.type === 'thread:created') entries.push({ threadId: event.threadId, day, kind: 'thread' })
    // The opening post of a thread is counted with the thread.
    if (event.type === 'post:created' && event.postNumber > 1) entries.push({ threadId: event.threadId, day, kind: 'reply' })
  }
  await addCategoryActivity(tx, entries)
}

/** Days the home page's "this week" covers. */
export const ACTIVITY_DAYS = 7
