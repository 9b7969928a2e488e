import { openDatabase } from '../server/database'
import { readEnv } from '../server/env'

/*
 * Opens the database as the forum does, writes one row, says "ready" and
 * holds it until SIGTERM: another process, for tests of what a second one
 * sees beside it.
 */

const db = await openDatabase(readEnv(), { max: 1 })
await db.sql`create table if not exists held_by (pid int)`
await db.sql`insert into held_by values (${process.pid})`
console.log('ready')
process.on('SIGTERM', () => {
  void db.close().then(() => process.exit(0))
})
