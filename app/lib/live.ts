import { useSyncExternalStore } from 'react'
import type { Socket } from 'socket.io-client'

import type { LiveForumEvent } from '../domain/events'
import type { JoinResult } from '../domain/live/rooms.server'

/*
 * The page's one connection to the forum's live events. Each tab opens one
 * socket, the first time a page asks for a room, and joins only the rooms
 * its mounted components ask for. After a reconnect every room is joined
 * again, threads with the last post number the page saw, so the server says
 * from the database what was missed.
 */

export type LiveEvent = LiveForumEvent & { id: number }

export interface RoomSubscription {
  room: string
  /** For a thread: the last post number the page has seen. */
  after?: () => number
  /** The mark of when the page read its data (its loader's liveMark): the first join says whether anything changed since. */
  since?: () => string | undefined
  /** Called after each join; `rejoined` after a reconnect. */
  onJoin?: (result: JoinResult, rejoined: boolean) => void
  onEvent?: (event: LiveEvent) => void
  onPresence?: (readers: number) => void
  onTyping?: (username: string) => void
}

type ServerToClient = {
  forum: (event: LiveEvent) => void
  presence: (update: { room: string; readers: number }) => void
  typing: (update: { threadId: number; username: string }) => void
  resync: () => void
}
type ClientToServer = {
  join: (request: { room: string; after?: number; since?: string }, ack: (result: JoinResult) => void) => void
  leave: (room: string) => void
  typing: (threadId: number) => void
}
type LiveSocket = Socket<ServerToClient, ClientToServer>

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'down'

const subscriptions = new Set<RoomSubscription>()
const stateListeners = new Set<() => void>()
let socket: LiveSocket | null = null
let opening: Promise<LiveSocket> | null = null
let state: ConnectionState = 'idle'

function setState(next: ConnectionState) {
  if (state === next) return
  state = next
  for (const listener of stateListeners) listener()
}

function join(live: LiveSocket, subscription: RoomSubscription, rejoined: boolean) {
  const after = subscription.after?.()
  // Back after a reconnect the page reloads anyway; only the first join asks what changed since the page was read.
  const since = rejoined ? undefined : subscription.since?.()
  const request = { room: subscription.room, ...(after === undefined ? {} : { after }), ...(since ? { since } : {}) }
  live.emit('join', request, (result) => {
    if (subscriptions.has(subscription)) subscription.onJoin?.(result, rejoined)
  })
}

function open(): Promise<LiveSocket> {
  // The client library is loaded only by pages that go live, after the page is interactive.
  opening ??= import('socket.io-client').then(({ io }) => {
    // WebSocket only, as the server accepts (see server/live.ts).
    const live: LiveSocket = io({ transports: ['websocket'] })
    let connectedBefore = false
    setState('connecting')
    live.on('connect', () => {
      setState('connected')
      for (const subscription of subscriptions) join(live, subscription, connectedBefore)
      connectedBefore = true
    })
    live.on('disconnect', () => setState('down'))
    live.on('connect_error', () => setState('down'))
    live.on('forum', (event) => {
      for (const subscription of subscriptions) subscription.onEvent?.(event)
    })
    // The server may have missed events (its database connection dropped): catch up as after a reconnect.
    live.on('resync', () => {
      for (const subscription of subscriptions) join(live, subscription, true)
    })
    live.on('presence', ({ room, readers }) => {
      for (const subscription of subscriptions) if (subscription.room === room) subscription.onPresence?.(readers)
    })
    live.on('typing', ({ threadId, username }) => {
      for (const subscription of subscriptions) if (subscription.room === `thread:${threadId}`) subscription.onTyping?.(username)
    })
    // A laptop going offline says so at once; waiting for missed pings would take seconds.
    // (The client library listens too, but not on localhost.)
    window.addEventListener('offline', () => live.disconnect())
    window.addEventListener('online', () => {
      if (!live.connected) live.connect()
    })
    socket = live
    return live
  })
  return opening
}

/** Joins a room for as long as the caller needs it; returns the way out. */
export function subscribe(subscription: RoomSubscription): () => void {
  subscriptions.add(subscription)
  void open().then((live) => {
    if (live.connected && subscriptions.has(subscription)) join(live, subscription, false)
  })
  return () => {
    subscriptions.delete(subscription)
    // Another component may still want the same room (a thread page and its panel).
    const stillWanted = [...subscriptions].some((s) => s.room === subscription.room)
    if (!stillWanted && socket?.connected) socket.emit('leave', subscription.room)
  }
}

const TYPING_EVERY_MS = 2_000
let lastTyping = 0

/** Tells the thread's other readers this member is writing a reply, every few keystrokes at most. */
export function sendTyping(threadId: number) {
  const now = Date.now()
  if (!socket?.connected || now - lastTyping < TYPING_EVERY_MS) return
  lastTyping = now
  socket.emit('typing', threadId)
}

/** The connection's state, for the quiet notice when it is down. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (listener) => {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    () => state,
    () => 'idle',
  )
}
