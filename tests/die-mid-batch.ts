import { createSql } from '../db/client'
import { runBatch } from '../server/consumers'

/*
 * A consumer process that takes its turn, writes part of its batch in the
 * batch's transaction, says "mid-batch" and waits to be killed: for tests of
 * what another process does after it dies.
 */
const [url, name, table] = process.argv.slice(2)
const sql = createSql(url, { max: 1 })
await runBatch(sql, {
  name,
  startFrom: 'now',
  handle: async (tx, events) => {
    for (const e of events.slice(0, 5)) await tx`insert into ${tx(table)} (event_id, marker) values (${e.id}, -1)`
    console.log('mid-batch')
    await new Promise(() => {})
  },
})
