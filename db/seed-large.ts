import { SingleBar, Presets } from 'cli-progress'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { Sql } from './client'
import { insertCategory, listCategories } from './queries/categories'
import { hashPassword } from '../app/domain/auth/password.server'
import { renderMarkdown } from '../app/domain/markdown/render.server'
import { slugify } from '../app/lib/urls'

/*
 * A large community on demand, for benchmarks and query-budget checks:
 * bulk COPY with the secondary indexes dropped during the load and built
 * afterwards. Bodies come from a pool rendered by the real Markdown pipeline.
 */

export interface LargeSeedOptions {
  threads: number
  replies: number
  /** Threads that get exactly this many replies, for deep-pagination pages. */
  bigThreads?: number[]
  seed?: number
  log?: (line: string) => void
  progress?: boolean
}

/** A small deterministic PRNG, so two seeds of the same size are alike. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const vocabulary = (
  'the a to and of in is it for you that on with this my be can have not are we do how what when ' +
  'export import invoice billing plan workspace team member role permission invite sso saml okta slack ' +
  'webhook api token rate limit error timeout retry sync calendar report dashboard filter tag field ' +
  'automation trigger rule zapier salesforce hubspot csv date format timezone mobile app notification ' +
  'email template signature attachment upload storage quota latency outage status incident refund ' +
  'upgrade downgrade trial seat license admin audit log search index query pagination bulk edit merge ' +
  'duplicate archive restore backup migration integration sandbox production staging oauth redirect ' +
  'header payload json schema version deprecated endpoint cursor offset batch queue worker cron'
).split(' ')

/** Zipf-like: a few words very common, most rare. */
function word(random: () => number) {
  const index = Math.floor(Math.pow(random(), 2.2) * vocabulary.length)
  return vocabulary[Math.min(index, vocabulary.length - 1)]
}

function sentence(random: () => number, min = 6, max = 18) {
  const length = min + Math.floor(random() * (max - min))
  const words = Array.from({ length }, () => word(random))
  words[0] = words[0][0].toUpperCase() + words[0].slice(1)
  return words.join(' ') + (random() < 0.15 ? '?' : '.')
}

function markdownBody(random: () => number) {
  const parts: string[] = []
  const paragraphs = 1 + Math.floor(Math.pow(random(), 2) * 5)
  for (let i = 0; i < paragraphs; i++) {
    parts.push(Array.from({ length: 1 + Math.floor(random() * 4) }, () => sentence(random)).join(' '))
    const roll = random()
    if (roll < 0.12) parts.push('```js\nconst result = await client.' + word(random) + '({ id: 42, retry: true })\nconsole.log(result.status)\n```')
    else if (roll < 0.22) parts.push(`See [the ${word(random)} docs](https://docs.example.com/${word(random)}/${word(random)}) for details.`)
    else if (roll < 0.28) parts.push(`- ${sentence(random, 3, 8)}\n- ${sentence(random, 3, 8)}\n- ${sentence(random, 3, 8)}`)
    else if (roll < 0.32) parts.push('`' + word(random) + '_' + word(random) + '` is set to **' + word(random) + '**.')
  }
  return parts.join('\n\n')
}

function titleOf(random: () => number) {
  const starts = ['How do I', 'Why does', 'Can I', 'Problem with', 'Best way to', 'Feature request:', 'Question about', 'Is it possible to']
  return `${starts[Math.floor(random() * starts.length)]} ${Array.from({ length: 3 + Math.floor(random() * 6) }, () => word(random)).join(' ')}`.slice(0, 190)
}

/** Escapes a value for COPY's text format. */
function copyValue(value: string | number | null) {
  if (value === null) return '\\N'
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

const row = (values: Array<string | number | null>) => values.map(copyValue).join('\t') + '\n'

async function copyRows(sql: Sql, statement: string, rows: Iterable<string>) {
  const writable = await sql.unsafe(statement).writable()
  await pipeline(Readable.from(rows), writable)
}

/** Reply counts per thread: long-tailed, a few big ones, summing to `replies`. */
function replyCounts(threads: number, replies: number, big: number[], random: () => number) {
  const counts = new Array<number>(threads).fill(0)
  let left = replies
  big.slice(0, threads).forEach((n, i) => {
    counts[i] = Math.min(n, left)
    left -= counts[i]
  })
  const rest = threads - big.length
  if (rest > 0) {
    const weights = Array.from({ length: rest }, () => Math.pow(random(), 3))
    const total = weights.reduce((a, b) => a + b, 0) || 1
    let assigned = 0
    weights.forEach((w, i) => {
      const n = Math.floor((w / total) * left)
      counts[big.length + i] = n
      assigned += n
    })
    for (let i = 0; assigned < left; i = (i + 1) % rest, assigned++) counts[big.length + i]++
  }
  return counts
}

const secondaryIndexes = [
  'create index threads_latest on threads (last_posted_at desc, id desc) where deleted_at is null',
  'create index threads_category_latest on threads (category_id, last_posted_at desc, id desc) where deleted_at is null',
  'create index threads_author on threads (author_id, created_at desc)',
  'create index posts_author on posts (author_id, created_at desc)',
]

export async function seedLarge(sql: Sql, options: LargeSeedOptions) {
  const log = options.log ?? (() => {})
  const random = mulberry32(options.seed ?? 42)
  const started = Date.now()

  if ((await listCategories(sql)).length === 0) {
    const { demoCategories } = await import('./seed-demo')
    for (const [position, c] of demoCategories.entries()) await insertCategory(sql, { ...c, allowedKinds: [...c.allowedKinds], position })
  }
  const categories = await listCategories(sql)

  const userCount = Math.max(200, Math.min(200_000, Math.round(options.replies / 20)))
  const passwordHash = await hashPassword('large-seed-password')
  const [{ first: firstUser }] = await sql<{ first: number }[]>`
    with inserted as (
      insert into users (username, email, password_hash, role)
      select 'user' || g || '_' || ${Date.now().toString(36)}, 'user' || g || '_' || ${Date.now().toString(36)} || '@example.test', ${passwordHash},
             case when g % 500 = 0 then 'staff' else 'member' end
      from generate_series(1, ${userCount}) g
      returning id)
    select min(id)::bigint as first from inserted`
  const userId = () => firstUser + Math.floor(Math.pow(random(), 1.8) * userCount)
  log(`${userCount.toLocaleString('en')} users`)

  const pool = Array.from({ length: 1500 }, () => {
    const markdown = markdownBody(random)
    return { markdown, html: renderMarkdown(markdown) }
  })
  const counts = replyCounts(options.threads, options.replies, options.bigThreads ?? [1000, 1000, 1000, 200], random)

  for (const statement of ['drop index if exists threads_latest', 'drop index if exists threads_category_latest', 'drop index if exists threads_author', 'drop index if exists posts_author']) {
    await sql.unsafe(statement)
  }

  // Threads, oldest first; their last activity is filled in with the posts.
  const now = Date.now()
  const span = 3 * 365 * 24 * 3600 * 1000
  const threadMeta = Array.from({ length: options.threads }, (_, i) => {
    const category = categories[Math.floor(random() * categories.length)]
    const kind = category.allowedKinds[Math.floor(random() * category.allowedKinds.length)]
    const createdAt = now - span + Math.floor((i / options.threads) * span * 0.98)
    const title = titleOf(random)
    return { category, kind, createdAt, title, author: userId(), replies: counts[i], pace: 60_000 * (1 + random() * 30) }
  })
  const [{ last: idBefore }] = await sql<{ last: number }[]>`select coalesce(max(id), 0)::bigint as last from threads`
  await copyRows(
    sql,
    'copy threads (category_id, author_id, kind, title, slug, last_post_number, reply_count, last_posted_at, last_poster_id, created_at, idea_status) from stdin',
    (function* () {
      for (const t of threadMeta) {
        const lastAt = new Date(Math.min(now, t.createdAt + t.replies * t.pace)).toISOString()
        yield row([t.category.id, t.author, t.kind, t.title, slugify(t.title), t.replies + 1, t.replies, lastAt, t.author, new Date(t.createdAt).toISOString(), t.kind === 'idea' ? 'new' : null])
      }
    })(),
  )
  const ids = (await sql<{ id: number }[]>`select id from threads where id > ${idBefore} order by id`).map((r) => r.id)
  log(`${ids.length.toLocaleString('en')} threads`)

  const totalPosts = options.threads + options.replies
  const bar = options.progress ? new SingleBar({ format: 'posts {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}', hideCursor: true }, Presets.shades_classic) : null
  bar?.start(totalPosts, 0, { rate: 0 })
  let written = 0
  await copyRows(
    sql,
    'copy posts (thread_id, post_number, author_id, markdown, html, created_at) from stdin',
    (function* () {
      for (let i = 0; i < threadMeta.length; i++) {
        const t = threadMeta[i]
        for (let n = 1; n <= t.replies + 1; n++) {
          const body = pool[Math.floor(random() * pool.length)]
          const at = new Date(Math.min(now, t.createdAt + (n - 1) * t.pace)).toISOString()
          yield row([ids[i], n, n === 1 ? t.author : userId(), body.markdown, body.html, at])
          if (++written % 5000 === 0) bar?.update(written, { rate: Math.round(written / ((Date.now() - started) / 1000)) })
        }
      }
    })(),
  )
  bar?.update(written)
  bar?.stop()

  log('building indexes')
  for (const statement of secondaryIndexes) await sql.unsafe(statement)
  await sql`
    update categories c set thread_count = s.threads, post_count = s.posts
    from (select category_id, count(*)::int as threads, sum(last_post_number)::int as posts from threads where deleted_at is null group by category_id) s
    where s.category_id = c.id`
  await sql`analyze`
  log(`seeded ${options.threads.toLocaleString('en')} threads and ${options.replies.toLocaleString('en')} replies in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return { threadIds: ids, replyCounts: counts }
}
