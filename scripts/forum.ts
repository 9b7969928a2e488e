import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { z } from 'zod'

import { changeRole, createAccount } from '../app/domain/auth/accounts.server'
import { joinSchema } from '../app/domain/auth/auth.schema'
import { DomainError } from '../app/domain/errors'
import { rerenderAll } from '../app/domain/markdown/pipeline.server'
import { roles } from '../app/domain/policy.server'
import { getSettings } from '../app/domain/settings/settings.server'
import type { Sql } from '../db/client'
import { listConsumerStatus, releaseConsumer } from '../db/queries/consumers'
import { createSearchEngine } from '../search'
import { DEMO_PASSWORD, seedDemo } from '../seeds/demo'
import { seedLarge } from '../seeds/large'
import { isSetupProblem, openDatabase } from '../server/database'
import { ConfigError, readEnv } from '../server/env'

const usage = `Usage: npm run forum -- <command> [options]

Commands:
  user:create --username NAME --email EMAIL [--password PASSWORD] [--role member|product|staff|admin]
                 Creates an account. Without --password, one is generated and printed.
  user:role --username NAME --role member|product|staff|admin
                 Changes a user's role (takes effect at their next request).
  seed:demo      Adds the demo categories, accounts and threads to an empty forum.
  seed:large [--threads 100000] [--replies 1000000]
                 Adds a large synthetic community (for benchmarks), with a progress bar.
  db:migrate     Applies database migrations.
  outbox:status  Shows each outbox consumer's lag and any event it is stuck on.
  outbox:retry NAME
                 Lets a stuck consumer try its failing event again now.
  search:reindex Rebuilds the search index from the database, while search keeps answering
                 (Meilisearch: a new index swapped in; PostgreSQL: in place, batch by batch).
  posts:rerender Renders every post and internal note again from its Markdown (the forum
                 also does this by itself at start when the Markdown pipeline changed).

The tool uses DATABASE_URL when set; otherwise the embedded database in DATA_DIR
(./data), connecting to the running forum's server or starting one for the command.`

const fail = (message: string): never => {
  console.error(message)
  process.exit(1)
}

async function withDatabase<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  // No statement timeout: seeding and re-rendering run statements over every post.
  const db = await openDatabase(readEnv(), { max: 2, shareRunningServer: true })
  try {
    return await fn(db.sql)
  } finally {
    await db.close()
  }
}

const roleSchema = z.enum(roles, { message: `role must be one of: ${roles.join(', ')}` })

async function run(argv: string[]) {
  const [command, ...rest] = argv
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      threads: { type: 'string' },
      replies: { type: 'string' },
    },
    allowPositionals: command === 'outbox:retry',
  })
  switch (command) {
    case 'user:create': {
      const generated = values.password ? null : randomBytes(12).toString('base64url')
      const input = joinSchema.safeParse({ username: values.username, email: values.email, password: values.password ?? generated })
      if (!input.success) fail(input.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('\n'))
      const role = roleSchema.safeParse(values.role ?? 'member')
      if (!role.success) fail(role.error.issues[0].message)
      const user = await withDatabase((sql) => createAccount(sql, input.data!, role.data!, { trusted: true }))
      console.log(`created ${user.username} (${user.role})${generated ? `; password: ${generated}` : ''}`)
      return
    }
    case 'user:role': {
      if (!values.username) fail('--username is required')
      const role = roleSchema.safeParse(values.role)
      if (!role.success) fail(role.error.issues[0].message)
      const user = await withDatabase((sql) => changeRole(sql, 'cli', values.username!, role.data!))
      console.log(`${user.username} is now ${user.role}`)
      return
    }
    case 'seed:demo': {
      const seeded = await withDatabase((sql) => seedDemo(sql))
      console.log(
        seeded
          ? `demo content added; demo accounts sign in with "${DEMO_PASSWORD}"`
          : 'the forum already has categories; nothing was added',
      )
      return
    }
    case 'seed:large': {
      const count = z.coerce.number().int().min(1).max(10_000_000)
      const threads = count.safeParse(values.threads ?? 100_000)
      const replies = z.coerce
        .number()
        .int()
        .min(0)
        .max(50_000_000)
        .safeParse(values.replies ?? 1_000_000)
      if (!threads.success || !replies.success) fail('--threads and --replies take whole numbers')
      await withDatabase((sql) =>
        seedLarge(sql, { threads: threads.data!, replies: replies.data!, progress: true, log: (line) => console.log(line) }),
      )
      return
    }
    case 'search:reindex': {
      const { searchLanguage } = await withDatabase(getSettings)
      const engine = createSearchEngine(readEnv(), { language: () => searchLanguage })
      const bar = new cliProgress.SingleBar(
        { format: `indexing (${engine.name}) {bar} {value}/{total} posts · {rate} posts/s · {eta_formatted} left` },
        cliProgress.Presets.shades_classic,
      )
      const started = Date.now()
      let count = 0
      try {
        await withDatabase(async (sql) => {
          await engine.setup()
          await engine.reindex(sql, (done, total) => {
            if (count === 0 && done === 0) bar.start(total, 0, { rate: 0 })
            count = done
            bar.update(done, { rate: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) })
          })
        })
      } finally {
        bar.stop()
        await engine.close()
      }
      console.log(`indexed ${count.toLocaleString('en')} posts in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      return
    }
    case 'posts:rerender': {
      const bar = new cliProgress.SingleBar(
        { format: 'rendering {bar} {value}/{total} posts · {changed} changed · {eta_formatted} left' },
        cliProgress.Presets.shades_classic,
      )
      const result = await withDatabase((sql) =>
        rerenderAll(sql, (p) => (p.done === 0 ? bar.start(p.total, 0, { changed: 0 }) : bar.update(p.done, { changed: p.changed }))),
      )
      bar.stop()
      console.log(
        result
          ? `rendered ${result.done} posts and notes again; ${result.changed} changed`
          : 'another process is rendering posts right now; try again when it has finished',
      )
      return
    }
    case 'outbox:status': {
      const rows = await withDatabase((sql) => listConsumerStatus(sql))
      if (!rows.length) console.log('no consumers have run against this database yet')
      for (const c of rows) {
        const trouble =
          c.stuckEventId !== null
            ? `STUCK on event ${c.stuckEventId} since ${c.stuckSince?.toISOString()}`
            : c.failures
              ? `retrying (${c.failures} failures)`
              : 'ok'
        console.log(
          `${c.name}: ${c.lagEvents} events behind (${Math.round(c.lagSeconds)} s) · ${trouble}${c.lastError ? `\n  last error: ${c.lastError}` : ''}`,
        )
      }
      return
    }
    case 'outbox:retry': {
      const name = positionals[0] ?? fail('Name the consumer: npm run forum -- outbox:retry NAME')
      const released = await withDatabase((sql) => releaseConsumer(sql, name))
      if (!released) fail(`No consumer named ${name}; outbox:status lists them.`)
      console.log(`${name} will try its next event again at once (the running forum picks it up within seconds)`)
      return
    }
    case 'db:migrate': {
      await withDatabase(async () => {})
      console.log('migrations are up to date')
      return
    }
    default:
      console.log(usage)
      if (command && command !== 'help' && command !== '--help') process.exit(1)
  }
}

try {
  await run(process.argv.slice(2))
} catch (error) {
  if (error instanceof DomainError) {
    const fields = Object.values(error.fields)
    fail(fields.length ? fields.join('\n') : error.message)
  }
  if (error instanceof ConfigError || isSetupProblem(error)) fail(error.message)
  if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') fail(`${(error as Error).message}\n\n${usage}`)
  throw error
}
