import type { Server as HttpServer, IncomingMessage } from 'node:http'
import { Server } from 'socket.io'

import { validateSessionCookie } from '../app/domain/auth/session.server'
import type { ForumEvent, LiveEventType } from '../app/domain/events'
import { can, isProductTeam, type User } from '../app/domain/policy.server'
import type { Sql } from '../db/client'
import { findThreadById } from '../db/queries/threads'

/**
 * What the server sends: one ordered stream of the forum's live events,
 * each tagged with its name (from the one event map) and its outbox id, so
 * a page applies them in order and knows the last one it saw.
 */
export type LiveEvent = Extract<ForumEvent, { type: LiveEventType }> & { id: number }
export interface ServerToClient {
  forum: (event: LiveEvent) => void
}

export interface ClientToServer {
  'thread:join': (threadId: number, ack?: (result: { ok: boolean; error?: string }) => void) => void
  'thread:leave': (threadId: number) => void
}

export interface SocketData {
  user: User | null
}

export type LiveServer = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>

export function attachLive(
  httpServer: HttpServer,
  options: { sql: Sql; isSecure: (req: IncomingMessage) => boolean; allowOrigin: (req: IncomingMessage) => boolean },
): LiveServer {
  const io: LiveServer = new Server(httpServer, {
    serveClient: false,
    // A page on another site may not open a socket with the visitor's cookie.
    allowRequest: (req, callback) => callback(null, options.allowOrigin(req)),
  })

  // The handshake carries the session cookie; a visitor connects as nobody, and
  // a dead session is treated as a visitor, never as an error.
  io.use(async (socket, next) => {
    try {
      const check = await validateSessionCookie(options.sql, socket.request.headers.cookie ?? null, options.isSecure(socket.request))
      socket.data.user = check.user
      next()
    } catch {
      next(new Error('unavailable'))
    }
  })

  io.on('connection', (socket) => {
    if (socket.data.user) void socket.join(`user:${socket.data.user.id}`)
    if (isProductTeam(socket.data.user)) void socket.join('staff')
    socket.on('thread:join', async (threadId, ack) => {
      if (!Number.isSafeInteger(threadId) || threadId <= 0) return ack?.({ ok: false, error: 'not_found' })
      const thread = await findThreadById(options.sql, threadId).catch(() => undefined)
      if (!thread || !can(socket.data.user, 'thread:see', thread)) return ack?.({ ok: false, error: 'not_found' })
      await socket.join(`thread:${threadId}`)
      ack?.({ ok: true })
    })
    socket.on('thread:leave', (threadId) => {
      if (Number.isSafeInteger(threadId)) void socket.leave(`thread:${threadId}`)
    })
  })
  return io
}
