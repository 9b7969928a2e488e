import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../tests/database'
import { DataDirInUseError } from './data-lock'
import { openDatabase } from './database'
import { readEnv } from './env'

const db = setupTestDatabase()

describe('one database opener for the forum and its command-line tools', () => {
  it('uses DATABASE_URL as it is, migrated, with nothing embedded', async () => {
    const opened = await openDatabase(readEnv({ DATABASE_URL: db.url }), { max: 1 })
    try {
      expect(opened.embedded).toBe(false)
      const [row] = await opened.sql`select count(*)::int as n from schema_migrations`
      expect(row.n).toBeGreaterThan(0)
    } finally {
      await opened.close()
    }
  })

  describe('on an embedded DATA_DIR', () => {
    let dir = ''
    let forum: ChildProcess | undefined
    afterAll(async () => {
      forum?.kill('SIGTERM')
      if (forum && forum.exitCode === null) await new Promise((resolve) => forum!.once('exit', resolve))
      if (dir) await rm(dir, { recursive: true, force: true })
    })

    /** Another process holding DATA_DIR the way a running forum does. */
    async function startForum(dataDir: string): Promise<ChildProcess> {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/hold-database.ts'], {
        env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
        child.once('exit', (code) => reject(new Error(`the forum process exited with ${code}`)))
      })
      return child
    }

    it(
      'lets a command share a running forum’s server, refuses a second forum, and starts its own when none runs',
      { timeout: 120_000 },
      async () => {
        dir = await mkdtemp(path.join(tmpdir(), 'forum-open-'))
        // As root, the embedded server runs as `postgres`, who must reach this folder.
        await chmod(dir, 0o755)
        const env = readEnv({ DATA_DIR: dir })
        forum = await startForum(dir)

        await expect(openDatabase(env, { max: 1 })).rejects.toBeInstanceOf(DataDirInUseError)

        const command = await openDatabase(env, { max: 1, shareRunningServer: true })
        const [seen] = await command.sql`select pid from held_by`
        expect(seen.pid).toBe(forum.pid)
        await command.close()
        // The command left the forum's server and its lock alone.
        expect(existsSync(path.join(dir, 'forum.pid'))).toBe(true)

        const stopped = new Promise((resolve) => forum!.once('exit', resolve))
        forum.kill('SIGTERM')
        expect(await stopped).toBe(0)
        expect(existsSync(path.join(dir, 'forum.pid'))).toBe(false)

        const alone = await openDatabase(env, { max: 1, shareRunningServer: true })
        try {
          const [row] = await alone.sql`select count(*)::int as n from held_by`
          expect(row.n).toBe(1)
        } finally {
          await alone.close()
        }
        expect(existsSync(path.join(dir, 'forum.pid'))).toBe(false)
      },
    )
  })
})
