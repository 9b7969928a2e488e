import { io, type Socket } from 'socket.io-client'

import { clock, type Connected, type FromClients, type ToClients } from './live-messages'

/*
 * The readers for bench/live.ts, in a process of their own so that parsing
 * thousands of frames per event does not stall the parent's clock or its
 * POSTs. Opens the sockets, joins them to one thread's room, and notes the
 * instant each socket receives each new reply, on the clock the parent uses.
 */

const send = (message: FromClients, then?: () => void) => process.send!(message, undefined, {}, then)

// Enough handshakes in flight to keep the server busy, few enough that none times out.
const CONNECTING_AT_ONCE = 50

/** Joins a thread's room, as a thread page does. */
async function joinThread(socket: Socket, threadId: number): Promise<void> {
  const result = await socket.timeout(10_000).emitWithAck('join', { room: `thread:${threadId}` })
  if (!result?.ok) throw new Error(`join refused: ${JSON.stringify(result)}`)
}

function open(url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // forceNew: without it the client shares one connection among all sockets to the same address.
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 })
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', (error) => {
      socket.close()
      reject(error)
    })
  })
}

const sockets: Socket[] = []
const times = new Map<number, number[]>()
let duplicates = 0
let disconnects = 0
let closing = false

async function connectAll(urls: string[], count: number, threadId: number): Promise<Connected> {
  const started = performance.now()
  let failed = 0
  let next = 0
  const connectOne = async (i: number) => {
    const socket = await open(urls[i % urls.length])
    await joinThread(socket, threadId)
    const seen = new Set<number>()
    socket.on('forum', (event: { type: string; threadId: number; postNumber: number }) => {
      // Read the clock first: the work below is this process's, not the server's.
      const at = clock()
      if (event.type !== 'post:created' || event.threadId !== threadId) return
      if (seen.has(event.postNumber)) return void duplicates++
      seen.add(event.postNumber)
      const list = times.get(event.postNumber) ?? []
      list.push(at)
      times.set(event.postNumber, list)
      if (list.length === sockets.length) send({ delivered: event.postNumber })
    })
    socket.on('disconnect', () => {
      if (!closing) disconnects++
    })
    sockets.push(socket)
  }
  const lanes = Array.from({ length: Math.min(CONNECTING_AT_ONCE, count) }, async () => {
    while (next < count) {
      const i = next++
      await connectOne(i).catch((error) => {
        failed++
        if (failed <= 3) console.error(`live-clients: socket ${i}: ${error instanceof Error ? error.message : error}`)
      })
    }
  })
  await Promise.all(lanes)
  return { connected: sockets.length, failed, seconds: (performance.now() - started) / 1000 }
}

process.on('message', async (message: ToClients) => {
  if ('connect' in message) {
    const { urls, count, threadId } = message.connect
    send({ connected: await connectAll(urls, count, threadId) })
  } else {
    closing = true
    for (const socket of sockets) socket.close()
    // Exits once the report is handed over: a pending IPC message would be lost.
    send({ receipts: { times: Object.fromEntries(times), duplicates, disconnects } }, () => process.exit(0))
  }
})
send({ ready: true })
