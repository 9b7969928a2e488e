import type { Sql } from '../db/client'
import type { LiveServer } from './live'

interface OutboxNotice {
  id: number
  type: string
  payload: Record<string, unknown> & { threadId?: number; staffOnly?: boolean }
}

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
  options: { onEvent?: (type: string) => void } = {},
) {
  const subscription = await sql.listen(
    'forum_events',
    (raw) => {
      let event: OutboxNotice
      try {
        event = JSON.parse(raw) as OutboxNotice
      } catch {
        return
      }
      // A change any process made: pages kept for visitors may show it.
      options.onEvent?.(event.type)
      const threadId = event.payload.threadId
      if (!threadId) return
      // Staff-only news (internal notes) never reaches a reader's socket.
      const room = event.payload.staffOnly ? 'staff' : `thread:${threadId}`
      // Event names come from the outbox, which the domain writes; payloads carry ids and counts only.
      ;(io.local.to(room) as unknown as { emit: (type: string, payload: unknown) => void }).emit(event.type, event.payload)
    },
    () => log('listening for forum events'),
  )
  // The pool may already be closing when the process stops: nothing is left to unlisten then.
  return { stop: () => subscription.unlisten().catch(() => {}) }
}
