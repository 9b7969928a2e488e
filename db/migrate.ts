import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Sql } from './client'

// Beside this module in the sources; the built server (build/server/) runs from the project's root.
const besideModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
const migrationsDir = existsSync(besideModule) ? besideModule : path.resolve('db/migrations')

export class MigrationChangedError extends Error {}

interface Migration {
  name: string
  text: string
  checksum: string
}

async function readMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort()
  return Promise.all(
    files.map(async (name) => {
      const text = await readFile(path.join(dir, name), 'utf8')
      return { name, text, checksum: createHash('sha256').update(text).digest('hex') }
    }),
  )
}

/**
 * Applies the numbered SQL files that have not run yet, each in its own
 * transaction, under an advisory lock so that two processes starting at once
 * do not race. Refuses to start when a file that already ran has changed:
 * migrations are forward-only, and an edited one would leave databases that
 * differ while claiming the same history.
 */
export async function migrate(sql: Sql, log: (line: string) => void = () => {}): Promise<string[]> {
  const migrations = await readMigrations()
  const applied: string[] = []
  await sql.begin(async (tx) => {
    // Building an index on a big table takes longer than any page's query may.
    await tx`set local statement_timeout = 0`
    await tx`select pg_advisory_xact_lock(727274)`
    await tx`
      create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`
    const done = new Map(
      (await tx<{ name: string; checksum: string }[]>`select name, checksum from schema_migrations`).map((row) => [row.name, row.checksum]),
    )
    for (const migration of migrations) {
      const checksum = done.get(migration.name)
      if (checksum === migration.checksum) continue
      if (checksum) {
        throw new MigrationChangedError(
          `Migration ${migration.name} was changed after it was applied. ` +
            'Applied migrations are never edited: restore the file and add a new migration instead.',
        )
      }
      await tx.unsafe(migration.text)
      await tx`insert into schema_migrations (name, checksum) values (${migration.name}, ${migration.checksum})`
      applied.push(migration.name)
      log(`migration applied: ${migration.name}`)
    }
  })
  return applied
}
