import { rmSync } from 'node:fs'
import { chmod, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { createSql } from '../db/client'
import { connectToRunningEmbedded } from '../db/embedded'
import { mailFolder } from '../mail'
import { seedDemo } from '../seeds/demo'
import { createMigratedDatabase, databaseUrl, uniqueName } from '../tests/template-databases'
import { READY_LINE } from './servers'

/*
 * The production build for Playwright, on a database of its own with the
 * demo content: a fresh database on DATABASE_URL's server when one is set,
 * otherwise the embedded default. Either way in a temporary DATA_DIR, where
 * the mail it sends is written (the `mailbox` fixture reads it). Each
 * worker gets one of these (see e2e/servers.ts).
 */
process.env.NODE_ENV ??= 'production'
process.env.RATE_LIMITS = 'off'
process.env.LOG_REQUESTS = 'off'
process.env.HOST = '127.0.0.1'

const dir = await mkdtemp(path.join(tmpdir(), 'forum-e2e-'))
// The embedded server runs as the postgres user when we are root: it must reach the folder.
await chmod(dir, 0o755)
process.env.DATA_DIR = dir
// The forum exits once its shutdown has stopped the embedded server; its data and mail go with it.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))

if (process.env.DATABASE_URL) {
  const name = await createMigratedDatabase(process.env.DATABASE_URL, uniqueName('forum_e2e'))
  process.env.DATABASE_URL = databaseUrl(process.env.DATABASE_URL, name)
  const sql = createSql(process.env.DATABASE_URL, { max: 1 })
  await seedDemo(sql)
  await sql.end()
}

const { main } = await import('../server/index')
await main()

// Fixtures reach the same database directly (to start sessions without the
// sign-in form). The embedded server is found the way the CLI finds it.
const url = process.env.DATABASE_URL ?? (await connectToRunningEmbedded(process.env.DATA_DIR!))!.url.replace(/\/postgres$/, '/forum')
console.log(`${READY_LINE} ${url} mail ${mailFolder(dir)}`)
