/*
 * `npm start` runs this, built into build/server/start.mjs, once
 * build-if-stale.ts has made sure the build is current.
 */

process.env.NODE_ENV ??= 'production'
const { main } = await import('./index')
// On a PostgreSQL server, one worker process per core (WEB_CONCURRENCY); see server/cluster.ts.
await main({ cluster: true })
export {}
