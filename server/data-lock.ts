import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'

import { isAlive } from '../db/embedded'

export class DataDirInUseError extends Error {}

/**
 * One forum process per data folder when the database is embedded: a second
 * one would try to start a second PostgreSQL server on the same files.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'forum.pid')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(file, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number(readFileSync(file, 'utf8').trim())
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DataDirInUseError(
          `Another forum process (pid ${pid}) is already running on ${path.resolve(dataDir)}.\n` +
            `Stop it first, or start this one with another DATA_DIR. ` +
            `To run several processes, give them a shared PostgreSQL server with DATABASE_URL.`,
        )
      }
      rmSync(file, { force: true })
    }
  }
  throw new DataDirInUseError(`Could not lock ${path.resolve(dataDir)}.`)
}
