import type { Sql } from '../db/client'
import type { LiveServer } from './live'

interface OutboxNotice {
  id: number
  type: string
  payload: Record<string, unknown> & { threadId?: number }
}

/**
 * Delivers outbox events to this process's own sockets. Every process
 * listens, so each reader gets an event once from the process it is
 * connected to; PostgreSQL sends a notification only after its transaction
 * commits, so the rows an event names are always visible.
 */
export async function startDispatcher(sql: Sql, io: LiveServer, log: (line: string) => void) {
  const subscription = await sql.listen(
    'forum_events',
    (raw) => {
      let event: OutboxNotice
      try {
        event = JSON.parse(raw) as OutboxNotice
      } catch {
        return
      }
      const threadId = event.payload.threadId
      if (!threadId) return
      if (event.type === 'post:created' || event.type === 'post:edited' || event.type === 'thread:locked') {
        io.local.to(`thread:${threadId}`).emit(event.type, event.payload as never)
      }
    },
    () => log('listening for forum events'),
  )
  // The pool may already be closing when the process stops: nothing is left to unlisten then.
  return { stop: () => subscription.unlisten().catch(() => {}) }
}
