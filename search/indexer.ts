import type { ForumEvent } from '../app/domain/events'
import type { IndexChange, SearchEngine } from './port'

/*
 * The search indexer: an outbox consumer (server/consumers.ts) that turns
 * the forum's events into index changes. It names what changed and the
 * engine reads the rest from the database, so a batch handled twice (after
 * a failed commit, or an engine that timed out) changes nothing. While the
 * engine is away the consumer retries with backoff; posting never waits on it.
 */

/** What a batch of events changed, for search. */
export function changeFor(events: ForumEvent[]): IndexChange {
  const threadIds = new Set<number>()
  const postIds = new Set<number>()
  const categoryIds = new Set<number>()
  for (const event of events) {
    switch (event.type) {
      case 'thread:created':
      case 'post:created':
      case 'post:deleted':
      case 'post:hidden':
      case 'post:unhidden':
        threadIds.add(event.threadId)
        postIds.add(event.postId)
        break
      case 'post:edited':
        postIds.add(event.postId)
        // The opening post's edit may change the title.
        if (event.postNumber === 1) threadIds.add(event.threadId)
        break
      case 'thread:solved':
      case 'idea:voted':
      case 'idea:statusChanged':
        threadIds.add(event.threadId)
        break
      case 'idea:merged':
        threadIds.add(event.threadId)
        threadIds.add(event.intoId)
        break
      // Staff thread tools: a move changes the thread's category; a merge
      // takes the source out of search and its posts over to the target.
      // Pins and duplicate closes change nothing search shows.
      case 'thread:moved':
        threadIds.add(event.threadId)
        break
      case 'thread:merged':
        threadIds.add(event.threadId)
        threadIds.add(event.intoId)
        for (const postId of event.postIds) postIds.add(postId)
        break
      case 'category:readabilityChanged':
        categoryIds.add(event.categoryId)
        break
      // The merged category's threads are the other's now, read as it is: as after a move, each is indexed again.
      case 'category:merged':
        categoryIds.add(event.intoId)
        break
      default:
        // Locks, "me too", helpful votes, links and internal notes change nothing search shows.
        break
    }
  }
  return { threadIds: [...threadIds], postIds: [...postIds], categoryIds: [...categoryIds] }
}

export function searchConsumer(engine: SearchEngine) {
  return {
    name: 'search',
    // A new forum's first events (the demo content) are indexed too.
    startFrom: 'oldest' as const,
    batchSize: 200,
    handle: async (tx: Parameters<SearchEngine['update']>[0], events: ForumEvent[]) => {
      const change = changeFor(events)
      if (change.threadIds.length || change.postIds.length || change.categoryIds?.length) await engine.update(tx, change)
    },
  }
}
