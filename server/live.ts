import type { Server as HttpServer, IncomingMessage } from 'node:http'
import { Server } from 'socket.io'
import type { Sql } from '../db/client'
import { findThreadById } from '../db/queries/threads'
import { validateSessionCookie } from '../app/domain/auth/session.server'
import { can, isProductTeam, type User } from '../app/domain/policy.server'

/** What the server sends; payloads carry ids and numbers, never per-viewer HTML. */
export interface ServerToClient {
  'post:created': (event: { threadId: number; postId: number; postNumber: number }) => void
  'post:edited': (event: { threadId: number; postId: number; postNumber: number; revision: number }) => void
  'thread:locked': (event: { threadId: number; locked: boolean }) => void
  'post:deleted': (event: { threadId: number; postId: number; postNumber: number }) => void
  'post:voted': (event: { threadId: number; postId: number; postNumber: number; helpfulCount: number }) => void
  'thread:meToo': (event: { threadId: number; meTooCount: number }) => void
  'thread:solved': (event: { threadId: number; postId: number | null }) => void
  'idea:voted': (event: { threadId: number; voteCount: number }) => void
  'idea:statusChanged': (event: { threadId: number; status: string }) => void
  /** Sent to the staff room only. */
  'idea:noteAdded': (event: { threadId: number }) => void
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
