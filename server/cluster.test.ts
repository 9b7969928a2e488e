import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { io as connect, type Socket } from 'socket.io-client'
import { describe, expect, it } from 'vitest'

import { freePort } from '../db/embedded'
import { setupTestDatabase } from '../tests/database'
import { clusterSize } from './cluster'
import { readEnv } from './env'

const db = setupTestDatabase()

/** A live socket as the forum's pages open it. */
function open(url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false })
    socket.on('connect', () => resolve(socket))
    socket.on('connect_error', reject)
  })
}

describe('cluster', () => {
  it('runs one process on the embedded database, whatever WEB_CONCURRENCY says', () => {
    const lines: string[] = []
    expect(clusterSize(readEnv({ WEB_CONCURRENCY: '4' }), (line) => lines.push(line))).toBe(1)
    expect(lines).toEqual([expect.stringContaining('WEB_CONCURRENCY is ignored')])
    expect(clusterSize(readEnv({ DATABASE_URL: db.url, WEB_CONCURRENCY: '3' }), () => {})).toBe(3)
  })

  it('serves pages and sockets from several workers, restarts a dead one and stops cleanly on SIGTERM', async () => {
    if (!existsSync('build/server/start.mjs')) throw new Error('No build found: run `npm run build` (the test command does) first.')
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    // What `npm start` runs once the build is current, without npm in between: this child is the primary.
    const primary = spawn(process.execPath, ['build/server/start.mjs'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        REDIS_URL: '',
        WEB_CONCURRENCY: '2',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_REQUESTS: 'off',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let output = ''
    primary.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => primary.once('exit', resolve))
    const sockets: Socket[] = []
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('ready on')
      const health = await (await fetch(`${url}/healthz`)).json()
      expect(health).toMatchObject({ status: 'ok', live: { adapter: 'postgres' } })

      sockets.push(...(await Promise.all([open(url), open(url), open(url)])))
      expect(sockets.every((socket) => socket.connected)).toBe(true)
      // A long-polling client is refused: its requests could reach any worker.
      await expect(
        new Promise((resolve, reject) => {
          const polling = connect(url, { transports: ['polling'], reconnection: false })
          polling.on('connect', () => resolve(polling.disconnect()))
          polling.on('connect_error', reject)
        }),
      ).rejects.toBeTruthy()

      const pids = [...output.matchAll(/serving \(pid (\d+)\)/g)].map((match) => Number(match[1]))
      expect(pids).toHaveLength(2)
      process.kill(pids[0], 'SIGKILL')
      await expect.poll(() => [...output.matchAll(/serving \(pid (\d+)\)/g)].length, { timeout: 20_000 }).toBe(3)
      expect(output).toContain(`(pid ${pids[0]}) exited with SIGKILL; starting another`)
      expect((await fetch(`${url}/`)).status).toBe(200)
    } finally {
      for (const socket of sockets) socket.disconnect()
      primary.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(output).toMatch(/\[forum\] stopped\n/)
  })
})
