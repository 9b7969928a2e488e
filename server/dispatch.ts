import { decodeEvent, isLiveEvent, liveRooms, type EventType } from '../app/domain/events'
import type { Sql } from '../db/client'
import type { LiveServer } from './live'

/**
 * Delivers outbox events to this process's own sockets. Every process
 * listens, so each reader gets an event once from the process it is
 * connected to; PostgreSQL sends a notification only after its transaction
 * commits, so the rows an event names are always visible.
 */
export async function startDispatcher(
  sql: Sql,
  io: LiveServer,
  log: (line: string) => void,
  options: { onEvent?: (type: EventType) => void } = {},
) {
  const subscription = await sql.listen(
    'forum_events',
    (notice) => {
      const event = decodeEvent(notice)
      if (!event) return
      // A change any process made: pages kept for visitors may show it.
      options.onEvent?.(event.type)
      if (!isLiveEvent(event)) return
      // Staff-only news (internal notes) goes to a room members cannot join.
      io.local.to(liveRooms(event)).emit('forum', event)
    },
    () => log('listening for forum events'),
  )
  // The pool may already be closing when the process stops: nothing is left to unlisten then.
  return { stop: () => subscription.unlisten().catch(() => {}) }
}
