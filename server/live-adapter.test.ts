import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterEach, describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../tests/database'
import type { LiveServer } from './live'
import { attachAdapter, LiveAdapterError, type LiveAdapter } from './live-adapter'

const db = setupTestDatabase()
const log = () => {}
const open: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close()
})

/** A bare Socket.IO server on a free port with the adapter the settings pick, as one forum process would have. */
async function start(env: { DATABASE_URL?: string; REDIS_URL?: string }, embedded = false) {
  const httpServer = createServer()
  // Untyped events: this relays a made-up one, not the forum's protocol.
  const io = new Server(httpServer)
  const adapter: LiveAdapter = await attachAdapter(io as unknown as LiveServer, env, embedded, log)
  io.on('connection', (socket) => {
    void socket.join('thread:1')
    socket.on('typing', () => socket.to('thread:1').emit('typing', { from: socket.id }))
  })
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  open.push(async () => {
    await io.close()
    await adapter.close()
  })
  return { io, adapter, url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` }
}

function client(url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false })
    socket.on('connect', () => resolve(socket))
    socket.on('connect_error', reject)
    open.push(async () => void socket.disconnect())
  })
}

/** A socket on one server emits; a socket on the other, in the same room, hears it. */
async function relaysBetween(env: { DATABASE_URL?: string; REDIS_URL?: string }) {
  const one = await start(env)
  const two = await start(env)
  const [reader, writer] = await Promise.all([client(one.url), client(two.url)])
  // The adapters find each other by heartbeat; a first message may go out before they have.
  const heard = new Promise((resolve) => reader.once('typing', resolve))
  const retry = setInterval(() => writer.emit('typing'), 200)
  writer.emit('typing')
  try {
    expect(await heard).toEqual({ from: writer.id })
  } finally {
    clearInterval(retry)
  }
  return one.adapter.kind
}

describe('live adapter', () => {
  it('stays in memory on the embedded database', async () => {
    const server = await start({ DATABASE_URL: undefined }, true)
    expect(server.adapter.kind).toBe('memory')
  })

  it('carries a room broadcast between two servers through PostgreSQL', async () => {
    expect(await relaysBetween({ DATABASE_URL: db.url })).toBe('postgres')
  })

  // Runs where a Redis server is configured (CI sets REDIS_URL when the machine has one).
  const redis = process.env.REDIS_URL ? '' : ' (skipped: set REDIS_URL to a Redis server to run it)'
  it.runIf(process.env.REDIS_URL)(`carries a room broadcast between two servers through Redis${redis}`, async () => {
    expect(await relaysBetween({ DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL })).toBe('redis')
  })

  it.runIf(process.env.REDIS_URL)(`keeps forums on different databases apart on one Redis${redis}`, async () => {
    const other = new URL(db.url)
    other.pathname = '/another_forum'
    const one = await start({ DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL })
    const two = await start({ DATABASE_URL: other.toString(), REDIS_URL: process.env.REDIS_URL })
    await Promise.all([client(one.url), client(two.url)])
    // Each forum counts only its own readers of its thread 1.
    expect((await one.io.in('thread:1').fetchSockets()).length).toBe(1)
    expect((await two.io.in('thread:1').fetchSockets()).length).toBe(1)
  })

  it('stops the forum with a message when Redis cannot be reached', async () => {
    // Never attached to an HTTP server, so there is nothing to close.
    const io = new Server() as unknown as LiveServer
    await expect(attachAdapter(io, { REDIS_URL: 'redis://127.0.0.1:1' }, false, log)).rejects.toThrow(LiveAdapterError)
  })
})
