import { decodeEvent, isLiveEvent, liveDeliveries, type EventType, type ForumEvent } from '../app/domain/events'
import type { Sql } from '../db/client'
import type { LiveServer } from './live'

/** How often the process checks that it still hears the database, by sending itself an empty notice. */
const HEARTBEAT_MS = 10_000

/**
 * Delivers outbox events to this process's own sockets. Every process
 * listens, so each reader gets an event once from the process it is
 * connected to; PostgreSQL sends a notification only after its transaction
 * commits, so the rows an event names are always visible.
 *
 * Notifications sent while the listening connection was down are lost, so
 * after listening again the process tells its pages to resync: each joins
 * its rooms again with the last post number it saw and reloads what it shows.
 * A connection that died without a word is noticed by a heartbeat.
 */
export async function startDispatcher(
  sql: Sql,
  io: LiveServer,
  log: (line: string) => void,
  options: { onEvent?: (type: EventType, event: ForumEvent) => void } = {},
) {
  let heardAt = Date.now()
  let listening = false
  const onNotice = (notice: string) => {
    heardAt = Date.now()
    const event = decodeEvent(notice)
    if (!event) return
    // A change any process made: pages kept for visitors may show it.
    options.onEvent?.(event.type, event)
    // A suspended member's open pages lose their connection at once (their sessions are gone too);
    // so do those of someone whose role changed, who may have joined rooms their new role does not open.
    if (event.type === 'user:suspended' || event.type === 'user:deleted' || event.type === 'user:roleChanged')
      io.local.in(`user:${event.userId}`).disconnectSockets(true)
    if (!isLiveEvent(event)) return
    // Staff-only news (internal notes) goes to a room members cannot join.
    for (const delivery of liveDeliveries(event)) io.local.to(delivery.rooms).emit('forum', delivery.event)
  }
  const onListen = () => {
    heardAt = Date.now()
    if (listening) {
      log('listening for forum events again; pages resync')
      io.local.emit('resync')
    } else log('listening for forum events')
    listening = true
  }
  let subscription = await sql.listen('forum_events', onNotice, onListen)

  const heartbeat = setInterval(() => {
    if (Date.now() - heardAt > 3 * HEARTBEAT_MS) {
      // postgres.js listens again when its connection closes, but gives up if the database is down then.
      heardAt = Date.now()
      void subscription
        .unlisten()
        .catch(() => {})
        .then(() => sql.listen('forum_events', onNotice, onListen))
        .then((next) => (subscription = next))
        .catch(() => {})
    }
    void sql`select pg_notify('forum_events', '')`.catch(() => {})
  }, HEARTBEAT_MS)
  heartbeat.unref()

  return {
    stop: () => {
      clearInterval(heartbeat)
      // The pool may already be closing when the process stops: nothing is left to unlisten then.
      return subscription.unlisten().catch(() => {})
    },
  }
}
