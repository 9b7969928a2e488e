import type { Server as HttpServer, IncomingMessage } from 'node:http'
import { Server, type Socket } from 'socket.io'

import { validateSessionCookie } from '../app/domain/auth/session.server'
import { listRoom, type LiveForumEvent } from '../app/domain/events'
import {
  changedSinceMark,
  isLiveMark,
  isPostNumber,
  missedPosts,
  parseRoom,
  refuseJoin,
  type JoinResult,
} from '../app/domain/live/rooms.server'
import { readsAt, type User } from '../app/domain/policy.server'
import type { Sql } from '../db/client'

/**
 * What the server sends: one ordered stream of the forum's live events,
 * each tagged with its name (from the one event map) and its outbox id, so
 * a page applies them in order and knows the last one it saw; how many
 * people read a thread; who is typing a reply.
 */
export type LiveEvent = LiveForumEvent & { id: number }
export interface ServerToClient {
  forum: (event: LiveEvent) => void
  presence: (update: { room: string; readers: number }) => void
  typing: (update: { threadId: number; username: string }) => void
  /** This process may have missed events: join the rooms again and reload. */
  resync: () => void
}

export interface ClientToServer {
  /** `after`: a thread page's last post number; `since`: the mark of when the page read its data. */
  join: (request: { room: string; after?: number; since?: string }, ack: (result: JoinResult) => void) => void
  leave: (room: string) => void
  typing: (threadId: number) => void
}

export interface SocketData {
  user: User | null
}

export type LiveServer = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>
type LiveSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>

/** How often a room's reader count is sent at most, and a typist's news relayed at most. */
const PRESENCE_EVERY_MS = 1_000
const TYPING_EVERY_MS = 2_000

export function attachLive(
  httpServer: HttpServer,
  options: { sql: Sql; isSecure: (req: IncomingMessage) => boolean; allowOrigin: (req: IncomingMessage) => boolean },
): LiveServer {
  const { sql } = options
  const io: LiveServer = new Server(httpServer, {
    serveClient: false,
    // One WebSocket per page, never long-polling: a polling session's requests
    // would have to reach the one process holding it, which a cluster or a
    // plain load balancer does not promise.
    transports: ['websocket'],
    // A connection that died silently (a laptop asleep) is noticed within 15 seconds.
    pingInterval: 10_000,
    pingTimeout: 5_000,
    // A page on another site may not open a socket with the visitor's cookie.
    allowRequest: (req, callback) => callback(null, options.allowOrigin(req)),
  })

  // The handshake carries the session cookie; a visitor connects as nobody, and
  // a dead session is treated as a visitor, never as an error.
  io.use(async (socket, next) => {
    try {
      const check = await validateSessionCookie(sql, socket.request.headers.cookie ?? null, options.isSecure(socket.request))
      socket.data.user = check.user
      next()
    } catch {
      next(new Error('unavailable'))
    }
  })

  const presence = presenceCounter(io)

  io.on('connection', (socket: LiveSocket) => {
    // Each member's own news (notifications) goes to a room of their own.
    if (socket.data.user) void socket.join(`user:${socket.data.user.id}`)
    let lastTyping = 0

    socket.on('join', async (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {}
      const room = parseRoom(request?.room)
      if (!room) return reply({ ok: false, error: 'not_found' })
      const after = request.after
      if (after !== undefined && (room.kind !== 'thread' || !isPostNumber(after))) return reply({ ok: false, error: 'bad_request' })
      const since = request.since
      if (since !== undefined && !isLiveMark(since)) return reply({ ok: false, error: 'bad_request' })
      try {
        const refusal = await refuseJoin(sql, socket.data.user, room)
        if (refusal) return reply({ ok: false, error: refusal })
        // Join before asking what was missed: an event in between arrives both
        // ways, and the page applies each post number once.
        const rooms = withAudienceRooms(request.room, socket.data.user)
        await socket.join(rooms)
        const changed = since === undefined ? undefined : await changedSinceMark(sql, rooms, since)
        if (room.kind !== 'thread') return reply({ ok: true, changed })
        presence.changed(request.room)
        reply(after === undefined ? { ok: true, changed } : { ok: true, changed, ...(await missedPosts(sql, room.threadId, after)) })
      } catch {
        reply({ ok: false, error: 'not_found' })
      }
    })

    socket.on('leave', (room) => {
      if (typeof room !== 'string' || !socket.rooms.has(room) || room.startsWith('user:')) return
      for (const joined of withAudienceRooms(room, socket.data.user)) void socket.leave(joined)
      if (room.startsWith('thread:')) presence.changed(room)
    })

    // "X is typing…": only a signed-in reader of the thread, and not too often.
    socket.on('typing', (threadId) => {
      const user = socket.data.user
      const room = `thread:${threadId}`
      if (!user || !Number.isSafeInteger(threadId) || !socket.rooms.has(room)) return
      const now = Date.now()
      if (now - lastTyping < TYPING_EVERY_MS) return
      lastTyping = now
      socket.to(room).emit('typing', { threadId, username: user.username })
    })

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (room.startsWith('thread:')) presence.changed(room)
    })
  })
  return io
}

/**
 * A room with the rooms that come with it: the home page and the board also
 * hear, in a room per audience, of threads in the private categories the
 * reader reads.
 */
function withAudienceRooms(room: string, user: User | null): string[] {
  if (room === 'me') return user ? [`user:${user.id}`] : []
  if (room !== 'home' && room !== 'ideas') return [room]
  return [
    room,
    ...readsAt(user)
      .filter((level) => level !== 'everyone')
      .map((level) => listRoom(room, level)),
  ]
}

/**
 * "N people reading": after readers come or go, the room's count (across
 * every process, through the adapter) is sent to the room, at most once a
 * second, counting a member with two tabs once.
 */
function presenceCounter(io: LiveServer) {
  const pending = new Set<string>()
  const send = async (room: string) => {
    pending.delete(room)
    try {
      const sockets = await io.in(room).fetchSockets()
      const readers = new Set(sockets.map((s) => (s.data.user ? `u${s.data.user.id}` : s.id))).size
      io.to(room).emit('presence', { room, readers })
    } catch {
      // Another process did not answer in time; the next change counts again.
    }
  }
  return {
    changed(room: string) {
      if (pending.has(room)) return
      pending.add(room)
      setTimeout(() => void send(room), PRESENCE_EVERY_MS).unref()
    },
  }
}
