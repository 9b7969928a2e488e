import { createSql } from '../db/client'
import { runBatch, startConsumers, type Consumer } from '../server/consumers'

/*
 * One consumer process for bench/outbox.ts: runs a no-op consumer and, when
 * told to stop, reports how many events it handled and each one's delay
 * from commit (its outbox time) to the handler.
 */
const url = process.env.BENCH_DATABASE_URL!
const sql = createSql(url, { max: 3 })
const delays: number[] = []
let handled = 0
const consumer: Consumer = {
  name: process.env.BENCH_CONSUMER!,
  startFrom: 'now',
  handle: async (_tx, events) => {
    const now = Date.now()
    handled += events.length
    for (const e of events) delays.push(now - e.at.getTime())
  },
}
// Woken by notifications, like the forum; the sweep is the forum's default.
const runner = await startConsumers(sql, [consumer], {})
const listener = await sql.listen('forum_events', () => runner.wake())
process.send?.({ ready: true })
process.on('message', async (message: { stop?: boolean }) => {
  if (!message.stop) return
  await listener.unlisten()
  await runner.stop()
  // Anything still behind the position is drained before reporting.
  while ((await runBatch(sql, consumer)) !== 0);
  process.send?.({ handled, delays })
  await sql.end()
  process.exit(0)
})
