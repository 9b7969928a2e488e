import { seedDemo } from '../seeds/demo'
import { startHttp } from './app'
import { isSetupProblem, openDatabase, type Database } from './database'
import { ConfigError, readEnv } from './env'
import { rerenderIfStale } from './rerender'

const log = (line: string) => console.log(`[forum] ${line}`)

export async function main() {
  let db: Database | undefined
  try {
    const env = readEnv()
    db = await openDatabase(env, { log, max: 10, statementTimeoutMs: env.QUERY_TIMEOUT_SECONDS * 1000 })
    // Demo content goes only into the embedded database, on its first start.
    if (db.embedded && (await seedDemo(db.sql, log))) log('open the forum and sign in as alice, sam or priya to try it')
    const server = await startHttp(env, db, log)
    void rerenderIfStale(db.sql, log)
    log(`ready on ${env.PUBLIC_URL ?? server.url} (${db.embedded ? `embedded PostgreSQL in ${env.DATA_DIR}` : 'DATABASE_URL'})`)

    let stopping = false
    const shutdown = async (signal: string) => {
      if (stopping) return
      stopping = true
      log(`${signal}: shutting down`)
      const force = setTimeout(() => {
        log('shutdown took too long; exiting')
        process.exit(1)
      }, 20_000)
      force.unref()
      // The order matters: no new requests, then sockets, then workers, then the pool, then the embedded server.
      await server.close()
      await db?.close()
      log('stopped')
      process.exit(0)
    }
    process.on('SIGTERM', () => void shutdown('SIGTERM'))
    process.on('SIGINT', () => void shutdown('SIGINT'))
  } catch (error) {
    await db?.close().catch(() => {})
    // Problems an operator fixes from the message; anything else is a bug and keeps its stack.
    if (error instanceof ConfigError || isSetupProblem(error)) {
      console.error(`\n${(error as Error).message}\n`)
      process.exit(1)
    }
    throw error
  }
}
