import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'

import { createSql, type Sql } from '../db/client'
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded'
import { migrate } from '../db/migrate'

/*
 * Real databases for tests: on the PostgreSQL server named by DATABASE_URL
 * when there is one (CI uses the machine's server), otherwise on an
 * embedded server started for the run in a temporary folder.
 */

export interface TestServer {
  adminUrl: string
  embedded: boolean
  stop: () => Promise<void>
}

export async function acquireTestServer(): Promise<TestServer> {
  if (process.env.DATABASE_URL) {
    return { adminUrl: process.env.DATABASE_URL, embedded: false, stop: async () => {} }
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'forum-test-'))
  // As root, the embedded server runs as `postgres`, who must reach this folder.
  await chmod(dir, 0o755)
  const server: EmbeddedServer = await startEmbeddedPostgres({ dataDir: dir })
  return {
    adminUrl: server.url,
    embedded: true,
    stop: async () => {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function withAdmin<T>(adminUrl: string, fn: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}

export const uniqueName = (prefix: string) =>
  `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`

/** A new database with every migration applied, to clone tests from. */
export async function createMigratedDatabase(adminUrl: string, name = uniqueName('forum_template')): Promise<string> {
  await withAdmin(adminUrl, (admin) => admin.unsafe(`create database "${name}"`))
  const sql = createSql(databaseUrl(adminUrl, name), { max: 1 })
  try {
    await migrate(sql)
  } finally {
    await sql.end()
  }
  return name
}

export async function cloneDatabase(adminUrl: string, template: string, name = uniqueName('forum_test')): Promise<string> {
  await withAdmin(adminUrl, (admin) => admin.unsafe(`create database "${name}" template "${template}"`))
  return name
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`))
}

export interface TestDatabase {
  sql: Sql
  url: string
  drop: () => Promise<void>
}

/** A clean database for one test file, cloned from the migrated template. */
export async function openTestDatabase(
  adminUrl: string,
  template: string,
  options: { onQuery?: (q: string) => void } = {},
): Promise<TestDatabase> {
  const name = await cloneDatabase(adminUrl, template)
  const url = databaseUrl(adminUrl, name)
  const sql = createSql(url, { max: 20, onQuery: options.onQuery })
  return {
    sql,
    url,
    drop: async () => {
      await sql.end({ timeout: 5 })
      await dropDatabase(adminUrl, name)
    },
  }
}
