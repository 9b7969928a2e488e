import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'

import type { Sql } from '../db/client'
import { startHttp, type ForumServer } from '../server/app'
import { readEnv } from '../server/env'

/**
 * Starts the production build on a free port over the calling file's test
 * database, as the forum runs for real. The test command builds first. Its
 * DATA_DIR is a temporary folder (mail it sends is written there, under
 * `mail/`), removed afterwards.
 */
export function setupForumServer(db: { sql: Sql }, env: Record<string, string> = {}) {
  let server: ForumServer | undefined
  let dataDir: string | undefined
  beforeAll(async () => {
    if (!existsSync('build/index.js')) throw new Error('No build found: run `npm run build` (the test command does) first.')
    dataDir = await mkdtemp(path.join(tmpdir(), 'forum-test-'))
    // Tests write rows behind the server's back, which the page cache cannot
    // see; its own test turns it on.
    const config = readEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      LOG_REQUESTS: 'off',
      PAGE_CACHE_SECONDS: '0',
      DATA_DIR: dataDir,
      ...env,
    })
    server = await startHttp(config, { sql: db.sql, embedded: false, close: async () => {} }, () => {})
  })
  afterAll(async () => {
    await server?.close()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })
  return {
    get url() {
      return server!.url.replace('localhost', '127.0.0.1')
    },
    get dataDir() {
      return dataDir!
    },
  }
}

/** Signs in through the real form and returns the session cookie. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ username, password }),
  })
  const cookie = response.headers.get('set-cookie')
  if (response.status !== 302 || !cookie) throw new Error(`sign-in failed with ${response.status}`)
  return cookie.split(';')[0]
}

/** Posts a form to the forum as a browser on the same site would, without following redirects. */
export async function postForm(baseUrl: string, path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  })
}
