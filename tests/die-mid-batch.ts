import { createSql } from '../db/client'
import { runBatch } from '../server/consumers'

/*
 * A consumer process that takes its turn, writes part of its batch in the
 * batch's transaction, says "mid-batch" and waits to be killed: for tests of
 * what another process does after it dies.
 */
const [url, name, table] = process.argv.slice(2)
const sql = createSql(url, { max: 1 })
const consumer = {
  name,
  startFrom: 'now' as const,
  handle: async (tx: Parameters<Parameters<typeof runBatch>[1]['handle']>[0], events: { id: number }[]) => {
    for (const e of events.slice(0, 5)) await tx`insert into ${tx(table)} (event_id, marker) values (${e.id}, -1)`
    console.log('mid-batch')
    await new Promise(() => {})
  },
}
// The events may not be settled yet (another test's transaction on the same
// server holds the bound back): try until the batch starts, then hang in it.
for (;;) {
  await runBatch(sql, consumer)
  await new Promise((resolve) => setTimeout(resolve, 50))
}
