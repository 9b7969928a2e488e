import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'

import { createSql, type Sql } from '../db/client'
import { migrate } from '../db/migrate'
import type { SearchFilters, SearchQuery } from '../search/port'
import { createPostgresEngine } from '../search/postgres'
import { countSearchablePosts } from '../search/source'
import { seedLarge } from '../seeds/large'
import { acquireTestServer, createMigratedDatabase, databaseUrl, dropDatabase } from '../tests/template-databases'
import { isSeeded } from './seeded'

/*
 * `npm run bench:search`: the PostgreSQL full-text engine over a large
 * seeded community. Times a full reindex, compares the index's size with the
 * forum's tables, then runs named queries (words picked from the seeded text)
 * through the engine's `search` and `suggest`, one at a time and from 10
 * concurrent clients, against the latency targets.
 *
 * The engine is called in-process, with no HTTP in front: this measures the
 * engine and the database, not the forum's routes.
 *
 * Options: --threads N --replies N   the community's size (100000 / 1000000)
 *          --keep      keep the seeded, indexed database and reuse it on the next run
 *          --reindex   with --keep, rebuild (and time) the index even when it is complete
 *          --runs N --warmup N   measured and warm-up runs per query, one at a time (50 / 5)
 *          --seconds S           per query at 10 concurrent clients (3)
 * With DATABASE_URL the database lives on that server (and --keep is useful);
 * without it, on an embedded server started for the run.
 */

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '100000' },
    replies: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    reindex: { type: 'boolean', default: false },
    runs: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
  },
})
const threads = Number(values.threads)
const replies = Number(values.replies)
const runs = Number(values.runs)
const warmup = Number(values.warmup)
const seconds = Number(values.seconds)
const keep = values.keep
const CLIENTS = 10
const TARGET = { search: 50, suggest: 30 }

const engine = createPostgresEngine()

interface Case {
  name: string
  filter: string
  kind: 'search' | 'suggest'
  run: (sql: Sql) => Promise<unknown>
  /** What the query found, for the table: hits on page 1, and the correction if any. */
  describe: (result: unknown) => string
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((sorted.length * p) / 100) - 1)] ?? 0
const ms = (n: number) => Math.round(n * 10) / 10
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

async function reindex(sql: Sql) {
  const [{ before }] = await sql<[{ before: number }]>`select count(*)::int as before from search_posts`
  const bar = new cliProgress.SingleBar(
    { format: 'indexing (postgres) {bar} {value}/{total} posts · {rate} posts/s · {eta_formatted} left' },
    cliProgress.Presets.shades_classic,
  )
  const started = performance.now()
  let count = 0
  try {
    await engine.reindex(sql, (done, total) => {
      if (count === 0 && done === 0) bar.start(total, 0, { rate: 0 })
      count = done
      bar.update(done, { rate: Math.round(done / Math.max((performance.now() - started) / 1000, 0.001)) })
    })
  } finally {
    bar.stop()
  }
  const elapsed = (performance.now() - started) / 1000
  console.log(
    `reindex ${before ? `in place over ${before.toLocaleString('en')} indexed posts` : 'into an empty index'}: ` +
      `${count.toLocaleString('en')} posts in ${elapsed.toFixed(1)} s = ${Math.round(count / elapsed).toLocaleString('en')} posts/s`,
  )
  // Settles the index as it would be in service: statistics for the planner, GIN pending lists merged, visibility map set.
  const vacuumed = performance.now()
  await sql`vacuum (analyze) search_posts, search_threads, search_words`
  console.log(`vacuum (analyze) of the search tables afterwards: ${((performance.now() - vacuumed) / 1000).toFixed(1)} s`)
}

async function printSizes(sql: Sql) {
  const rows = await sql<Array<{ relation: string; rows: number; table: number; indexes: number; total: number }>>`
    select r.relname as relation, r.reltuples::bigint as rows,
           pg_table_size(r.oid) as table, pg_indexes_size(r.oid) as indexes, pg_total_relation_size(r.oid) as total
    from pg_class r
    where r.relname in ('search_posts', 'search_threads', 'search_words', 'posts', 'threads') and r.relkind = 'r'
      and r.relnamespace = 'public'::regnamespace
    order by r.relname like 'search%' desc, pg_total_relation_size(r.oid) desc`
  const sum = (names: (r: { relation: string }) => boolean) => rows.filter(names).reduce((n, r) => n + r.total, 0)
  console.log('\nsize on disk (table includes TOAST; total = table + indexes)')
  console.table(
    rows.map((r) => ({
      relation: r.relation,
      rows: r.rows.toLocaleString('en'),
      table: mb(r.table),
      indexes: mb(r.indexes),
      total: mb(r.total),
    })),
  )
  const index = sum((r) => r.relation.startsWith('search_'))
  const forum = sum((r) => !r.relation.startsWith('search_'))
  console.log(`search index ${mb(index)} vs posts + threads ${mb(forum)} (${(index / forum).toFixed(2)}×)`)
  const indexes = await sql<Array<{ index: string; size: number }>>`
    select i.relname as index, pg_relation_size(i.oid) as size
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    where t.relname in ('search_posts', 'search_threads', 'search_words') and t.relnamespace = 'public'::regnamespace
    order by size desc`
  console.log(indexes.map((i) => `  ${i.index}: ${mb(i.size)}`).join('\n'))
}

/** Words of the seeded text, from a sample of the index: how many posts each is in, and the pairs that stand side by side. */
async function pickQueries(sql: Sql) {
  const [{ posts }] = await sql<[{ posts: number }]>`select count(*)::int as posts from search_posts`
  const step = Math.max(1, Math.floor(posts / 20_000))
  // ts_stat counts lexemes (stemmed); each is named by a real word of the lexicon that stems to it.
  const words = await sql<Array<{ word: string; share: number }>>`
    with stat as (select word as lexeme, ndoc from ts_stat(${`select document from search_posts where post_id % ${step} = 0`})),
         total as (select count(*)::float8 as n from search_posts where post_id % ${step} = 0)
    select distinct on (s.lexeme) w.word, s.ndoc / total.n as share
    from search_words w, stat s, total
    where (tsvector_to_array(to_tsvector('english', w.word)))[1] = s.lexeme and w.word ~ '^[a-z]{4,}$'
    order by s.lexeme, length(w.word), w.word`
  words.sort((a, b) => a.share - b.share || a.word.localeCompare(b.word))
  const rare = words[0]
  const common = words[words.length - 1]
  const middle = words[Math.floor(words.length / 2)]
  const known = new Map(words.map((w) => [w.word, w.share]))

  // Adjacent pairs of indexed words in a sample of bodies; the phrase is the most frequent pair.
  const bodies = await sql<Array<{ body: string }>>`select body from search_posts where post_id % ${step * 10} = 0`
  const pairs = new Map<string, number>()
  for (const { body } of bodies) {
    const tokens = body.toLowerCase().split(/[^a-z]+/)
    for (let i = 1; i < tokens.length; i++) {
      if (known.has(tokens[i - 1]) && known.has(tokens[i]) && tokens[i - 1] !== tokens[i]) {
        const pair = `${tokens[i - 1]} ${tokens[i]}`
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1)
      }
    }
  }
  const phrase = [...pairs.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]

  // A common word with one letter dropped that is not itself a word of the index.
  const typoOf = async (word: string) => {
    for (let i = Math.floor(word.length / 2); i < word.length; i++) {
      const typo = word.slice(0, i) + word.slice(i + 1)
      const [hit] = await sql`select 1 from search_words where word = ${typo}`
      if (!hit) return typo
    }
    return word.slice(0, -1)
  }
  const typo = await typoOf(common.word)

  // Similar titles: a real title of the data with its opening changed and a word dropped, and one with a typo in its longest word.
  const [sample] = await sql<[{ title: string }]>`
    select title from search_threads where array_length(regexp_split_to_array(title, ' '), 1) >= 7 order by thread_id limit 1`
  const altered = sample.title.split(' ')
  altered.splice(altered.length - 2, 1)
  const reworded = altered.join(' ').replace(/^(How do I|Can I|Is it possible to|Best way to)\b/, 'How can I')
  const longest = sample.title.split(' ').reduce((a, b) => (b.length > a.length ? b : a))
  const misspelt = sample.title.replace(longest, await typoOf(longest.toLowerCase()))

  const pct = (share: number) => `${(share * 100).toFixed(1)}% of posts`
  console.log(`\nqueries from the seeded text (shares estimated from a sample of ${Math.ceil(posts / step).toLocaleString('en')} posts):`)
  console.log(`  rare word     ${rare.word} (${pct(rare.share)}; the seed's vocabulary is small, so even its rarest word is frequent)`)
  console.log(`  common word   ${common.word} (${pct(common.share)})`)
  console.log(`  two words     ${common.word} ${middle.word} (${pct(middle.share)} for the second)`)
  console.log(`  phrase        "${phrase}" (the most frequent adjacent pair)`)
  console.log(`  typo          ${typo} (for ${common.word})`)
  console.log(`  title         ${sample.title}`)
  console.log(`    reworded    ${reworded}`)
  console.log(`    misspelt    ${misspelt}`)
  return {
    texts: [
      { name: 'rare word', text: rare.word },
      { name: 'common word', text: common.word },
      { name: 'two words', text: `${common.word} ${middle.word}` },
      { name: 'quoted phrase', text: `"${phrase}"` },
      { name: 'typo', text: typo },
    ],
    titles: [
      { name: 'similar title (reworded)', text: reworded },
      { name: 'similar title (typo)', text: misspelt },
    ],
  }
}

async function buildCases(sql: Sql): Promise<Case[]> {
  const { texts, titles } = await pickQueries(sql)
  const [category] = await sql<[{ id: number; name: string }]>`
    select c.id, c.name from categories c join threads t on t.category_id = c.id
    where 'question' = any(c.allowed_kinds) group by c.id order by count(*) desc limit 1`
  const filters: Array<{ label: string; filters: SearchFilters }> = [
    { label: '', filters: {} },
    { label: `category ${category.name}`, filters: { categoryId: category.id } },
    { label: 'solved questions', filters: { kind: 'question', solved: true } },
  ]
  const cases: Case[] = []
  for (const t of texts) {
    for (const f of filters) {
      const query: SearchQuery = { text: t.text, filters: f.filters, sort: 'relevance', page: 1, perPage: 20 }
      cases.push({
        name: `${t.name}: ${t.text}`,
        filter: f.label,
        kind: 'search',
        run: (sql) => engine.search(sql, query),
        describe: (result) => {
          const r = result as Awaited<ReturnType<typeof engine.search>>
          return `${r.hits.length}${r.more ? '+' : ''}${r.correctedText ? ` → ${r.correctedText}` : ''}`
        },
      })
    }
  }
  for (const t of titles) {
    cases.push({
      name: `${t.name}: ${t.text}`,
      filter: '',
      kind: 'suggest',
      run: (sql) => engine.suggest(sql, t.text, 5),
      describe: (result) => String((result as unknown[]).length),
    })
  }
  return cases
}

/** One at a time: warm-up runs, then `runs` timed ones (fewer for a query so slow that they would take over 15 s). */
async function alone(sql: Sql, c: Case) {
  let last: unknown
  for (let i = 0; i < warmup; i++) last = await c.run(sql)
  const times: number[] = []
  const until = performance.now() + 15_000
  for (let i = 0; i < runs && (i < 10 || performance.now() < until); i++) {
    const started = performance.now()
    await c.run(sql)
    times.push(performance.now() - started)
  }
  return { times: times.sort((a, b) => a - b), found: c.describe(last) }
}

/** CLIENTS loops at once, each running the query again as soon as it returns, for `seconds`. */
async function concurrent(sql: Sql, c: Case) {
  const times: number[] = []
  const until = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const t = performance.now()
        await c.run(sql)
        times.push(performance.now() - t)
      }
    }),
  )
  return { times: times.sort((a, b) => a - b), rate: times.length / ((performance.now() - started) / 1000) }
}

async function measure(sql: Sql, cases: Case[]) {
  console.log(
    `\nmeasuring: ${warmup} warm-up + ${runs} runs one at a time, then ${CLIENTS} concurrent clients for ${seconds} s each ` +
      `(the engine called in-process over a pool of ${CLIENTS + 2} connections: no HTTP, no page cache)`,
  )
  const rows = []
  for (const c of cases) {
    const one = await alone(sql, c)
    const ten = await concurrent(sql, c)
    const target = TARGET[c.kind]
    const mark = (times: number[]) => (percentile(times, 95) <= target ? '✔' : '✘')
    rows.push({
      query: c.name,
      filter: c.filter,
      found: one.found,
      runs: one.times.length,
      'p50 ms': ms(percentile(one.times, 50)),
      'p95 ms': ms(percentile(one.times, 95)),
      'p99 ms': ms(percentile(one.times, 99)),
      [`${CLIENTS}× p50`]: ms(percentile(ten.times, 50)),
      [`${CLIENTS}× p95`]: ms(percentile(ten.times, 95)),
      [`${CLIENTS}× p99`]: ms(percentile(ten.times, 99)),
      [`${CLIENTS}× q/s`]: Math.round(ten.rate),
      'p95 target': `≤ ${target}`,
      [`1× / ${CLIENTS}×`]: `${mark(one.times)} / ${mark(ten.times)}`,
    })
    process.stdout.write('.')
  }
  console.log('\n')
  console.table(rows)
  const misses = rows.filter((r) => r[`1× / ${CLIENTS}×`].includes('✘'))
  console.log(
    misses.length
      ? `✘ ${misses.length} of ${rows.length} queries miss their p95 target (search ≤ ${TARGET.search} ms, similar titles ≤ ${TARGET.suggest} ms) alone or at ${CLIENTS} clients`
      : `✔ every query within its p95 target (search ≤ ${TARGET.search} ms, similar titles ≤ ${TARGET.suggest} ms), alone and at ${CLIENTS} clients`,
  )
}

async function main() {
  const server = await acquireTestServer()
  const name = `forum_search_bench_${threads}_${replies}`
  const url = databaseUrl(server.adminUrl, name)
  const reuse = keep && (await isSeeded(url, threads))
  if (!reuse) {
    await dropDatabase(server.adminUrl, name)
    await createMigratedDatabase(server.adminUrl, name)
  }
  const sql = createSql(url, { max: CLIENTS + 2 })
  try {
    if (reuse) {
      // Migrations added since it was seeded (an index, say) apply to it too.
      const applied = await migrate(sql)
      console.log(`reusing the seeded database ${name}${applied.length ? `; applied ${applied.join(', ')}` : ''}`)
    } else {
      console.log(`seeding ${threads.toLocaleString('en')} threads and ${replies.toLocaleString('en')} replies…`)
      await seedLarge(sql, { threads, replies, progress: true, log: (line) => console.log(line) })
      await sql`analyze`
    }
    const [{ indexed }] = await sql<[{ indexed: number }]>`select count(*)::int as indexed from search_posts`
    const searchable = await countSearchablePosts(sql)
    if (!reuse || values.reindex || indexed !== searchable) await reindex(sql)
    else console.log(`the index is complete (${indexed.toLocaleString('en')} posts): not rebuilt (--reindex rebuilds and times it)`)

    await printSizes(sql)
    const cases = await buildCases(sql)
    await measure(sql, cases)
    if (!keep) console.log('(pass --keep to keep the seeded, indexed database for the next run)')
  } finally {
    await sql.end()
    if (!keep) await dropDatabase(server.adminUrl, name).catch(() => {})
    await server.stop()
  }
}

await main()
