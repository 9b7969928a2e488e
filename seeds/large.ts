import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Presets, SingleBar } from 'cli-progress'

import { hashPassword } from '../app/domain/auth/password.server'
import { closedStatuses } from '../app/domain/ideas/idea.terms'
import { markRenderingCurrent } from '../app/domain/markdown/pipeline.server'
import { renderMarkdown } from '../app/domain/markdown/render.server'
import { POINTS } from '../app/domain/questions/recognition'
import { slugify } from '../app/lib/urls'
import type { Fragment, Sql, Tx } from '../db/client'
import { insertCategory, listCategories } from '../db/queries/categories'

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
    if (roll < 0.12)
      parts.push('```js\nconst result = await client.' + word(random) + '({ id: 42, retry: true })\nconsole.log(result.status)\n```')
    else if (roll < 0.22)
      parts.push(`See [the ${word(random)} docs](https://docs.example.com/${word(random)}/${word(random)}) for details.`)
    else if (roll < 0.28) parts.push(`- ${sentence(random, 3, 8)}\n- ${sentence(random, 3, 8)}\n- ${sentence(random, 3, 8)}`)
    else if (roll < 0.32) parts.push('`' + word(random) + '_' + word(random) + '` is set to **' + word(random) + '**.')
  }
  return parts.join('\n\n')
}

function titleOf(random: () => number) {
  const starts = ['How do I', 'Why does', 'Can I', 'Problem with', 'Best way to', 'Feature request:', 'Question about', 'Is it possible to']
  return `${starts[Math.floor(random() * starts.length)]} ${Array.from({ length: 3 + Math.floor(random() * 6) }, () => word(random)).join(' ')}`.slice(
    0,
    190,
  )
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

/** What one run of the seed created: its rows have ids above these, its users a block of ids. */
interface Scope {
  threadAfter: number
  postAfter: number
  firstUser: number
  userCount: number
  seed: number
}

/** The tables the step after the posts fills. */
const recognitionTables = [
  'helpful_votes',
  'me_toos',
  'reputation_events',
  'user_badges',
  'idea_votes',
  'vote_slots',
  'idea_links',
  'idea_events',
]

const quoteName = (name: string) => '"' + name.replace(/"/g, '""') + '"'

/**
 * Runs a bulk load with the tables' foreign keys and secondary indexes set
 * aside, then puts them back exactly as the catalogue had them: one
 * validation per key and one build per index instead of a lookup, a row lock
 * and an insertion per row. Inside the caller's transaction, so a failure
 * puts everything back too. Primary keys stay, for ON CONFLICT.
 */
async function withKeysSetAside<T>(tx: Tx, tables: string[], load: () => Promise<T>): Promise<T> {
  const foreignKeys = await tx<{ table: string; name: string; definition: string }[]>`
    select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint where contype = 'f' and conrelid = any(${tables}::regclass[])`
  const indexes = await tx<{ name: string; definition: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    where i.indrelid = any(${tables}::regclass[]) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`
  for (const key of foreignKeys) await tx.unsafe(`alter table ${key.table} drop constraint ${quoteName(key.name)}`)
  for (const index of indexes) await tx.unsafe(`drop index ${index.name}`)
  const result = await load()
  for (const index of indexes) await tx.unsafe(index.definition)
  for (const key of foreignKeys) await tx.unsafe(`alter table ${key.table} add constraint ${quoteName(key.name)} ${key.definition}`)
  return result
}

/*
 * The helping and the innovation board, written set-based as the app would
 * have written them one action at a time. Every random choice below is
 * pg_temp.seed_random(key, salt): a hash of a row's id, so a rerun of the
 * same size into an empty database gives the same rows.
 */

/** A person of this seed, as often active as the posting skew makes them. */
function somePerson(tx: Tx, scope: Scope, key: Fragment, salt: number) {
  return tx`${scope.firstUser}::bigint + floor(pow(pg_temp.seed_random(${key}, ${salt}), 1.8) * ${scope.userCount})::bigint`
}

async function seedAnswers(tx: Tx, scope: Scope) {
  const { threadAfter, postAfter, firstUser, userCount } = scope
  const salt = (step: number) => scope.seed * 64 + step

  // Posts are wide: read this seed's replies once into a narrow table.
  await tx`
    create temp table seed_replies on commit drop as
    select id, thread_id, post_number, author_id, helpful_count, created_at from posts where id > ${postAfter} and post_number > 1`
  await tx`analyze seed_replies`

  // 40% of the questions with a reply are solved: usually by the reply people found most
  // helpful, and among replies nobody voted for, mostly by an early one.
  const accepted = await tx`
    with candidates as (
      select id, row_number() over (order by pg_temp.seed_random(id, ${salt(1)})) as place, count(*) over () as total
      from threads
      where id > ${threadAfter} and kind = 'question' and reply_count > 0 and deleted_at is null),
    answers as (
      select distinct on (r.thread_id) r.thread_id, r.id, r.created_at
      from seed_replies r join candidates c on c.id = r.thread_id
      where c.place <= round(c.total * 0.4)
      order by r.thread_id, r.helpful_count + 2 * pg_temp.seed_random(r.id, ${salt(2)}) / sqrt(r.post_number - 1) desc)
    update threads t
    set accepted_post_id = a.id,
        solved_at = greatest(a.created_at + interval '1 second',
                             least(now(), a.created_at + interval '5 minutes' + pg_temp.seed_random(a.id, ${salt(3)}) * interval '4 days'))
    from answers a
    where t.id = a.thread_id`

  // Each reply's helpful_count, set as it was loaded, becomes that many votes by distinct
  // people other than its author: an arithmetic walk through this seed's users, with a
  // step coprime to their number, starting where active people are more likely.
  const strides = [101, 211, 307, 401, 503, 601, 701, 809, 907, 1009].filter((p) => userCount % p !== 0)
  await tx`
    create temp table seed_helpful on commit drop as
    select r.id as post_id, voter.id as user_id, r.author_id,
           r.created_at + (least(now(), r.created_at + interval '60 days') - r.created_at) * pow(pg_temp.seed_random(r.id * 64 + voter.n, ${salt(4)}), 2) as created_at
    from seed_replies r
    cross join lateral (
      select floor(pow(pg_temp.seed_random(r.id, ${salt(5)}), 1.8) * ${userCount})::bigint as start,
             (${strides}::bigint[])[1 + floor(pg_temp.seed_random(r.id, ${salt(6)}) * ${strides.length})::int] as stride) walk
    cross join lateral (
      select n, ${firstUser}::bigint + (walk.start + n * walk.stride) % ${userCount} as id
      from generate_series(1, r.helpful_count + 1) n
      where ${firstUser}::bigint + (walk.start + n * walk.stride) % ${userCount} <> r.author_id
      order by n limit r.helpful_count) voter
    where r.helpful_count > 0`
  const helpful = await tx`
    insert into helpful_votes (post_id, user_id, created_at)
    select post_id, user_id, created_at from seed_helpful order by post_id, user_id`

  const meToos = await tx`
    insert into me_toos (thread_id, user_id, created_at)
    select t.id, person.id,
           t.created_at + (least(now(), t.created_at + interval '90 days') - t.created_at) * pow(pg_temp.seed_random(t.id * 64 + n, ${salt(8)}), 2)
    from threads t
    cross join lateral (
      select case when pg_temp.seed_random(t.id, ${salt(9)}) < 0.3
                  then least(40, floor(pow(1 - pg_temp.seed_random(t.id, ${salt(10)}), -1 / 1.3::float8)))::int
                  else 0 end as people) c
    cross join lateral generate_series(1, c.people) n
    cross join lateral (select ${somePerson(tx, scope, tx`t.id * 64 + n`, salt(11))} as id) person
    where t.id > ${threadAfter} and t.kind = 'question' and person.id <> t.author_id
    on conflict do nothing`
  await tx`
    update threads t set me_too_count = m.people
    from (select thread_id, count(*)::int as people from me_toos where thread_id > ${threadAfter} group by thread_id) m
    where t.id = m.thread_id`

  // The points each of those earned, with the sources the app records for each reason.
  const events = await tx`
    insert into reputation_events (user_id, reason, points, post_id, thread_id, giver_id, created_at)
    select author_id, 'helpful_vote', ${POINTS.helpful_vote}::int, post_id, null::bigint, user_id, created_at
    from seed_helpful
    union all
    -- Accepting your own reply solves the question but earns nothing.
    select p.author_id, 'answer_accepted', ${POINTS.answer_accepted}::int, p.id, t.id, null::bigint, t.solved_at
    from threads t join posts p on p.id = t.accepted_post_id
    where t.id > ${threadAfter} and p.author_id <> t.author_id
    union all
    select t.author_id, 'me_too', ${POINTS.me_too}::int, null::bigint, t.id, m.user_id, m.created_at
    from me_toos m join threads t on t.id = m.thread_id
    where m.thread_id > ${threadAfter}`
  await tx`
    update users u set reputation = e.points
    from (select user_id, sum(points)::int as points from reputation_events
          where user_id between ${firstUser} and ${firstUser + userCount - 1} group by user_id) e
    where u.id = e.user_id`

  // Badges as the app awards them, dated when the threshold was reached.
  await tx`
    insert into user_badges (user_id, badge, awarded_at)
    select author_id, 'first_reply', min(created_at) from seed_replies group by author_id
    union all
    select a.author_id, b.badge, a.solved_at
    from (select p.author_id, t.solved_at, row_number() over (partition by p.author_id order by t.solved_at, t.id) as n
          from threads t join posts p on p.id = t.accepted_post_id where t.id > ${threadAfter}) a
    join (values (1, 'first_accepted'), (10, 'accepted_10'), (50, 'accepted_50')) b (n, badge) on b.n = a.n
    union all
    select author_id, 'helpful_10', min(created_at)
    from (select author_id, created_at, row_number() over (partition by post_id order by created_at, user_id) as n from seed_helpful) v
    where n = 10 group by author_id
    union all
    select t.author_id, 'me_too_10', min(m.created_at)
    from (select thread_id, created_at, row_number() over (partition by thread_id order by created_at, user_id) as n
          from me_toos where thread_id > ${threadAfter}) m
    join threads t on t.id = m.thread_id where m.n = 10 group by t.author_id
    on conflict do nothing`

  return { accepted: accepted.count, helpful: helpful.count, meToos: meToos.count, events: events.count }
}

async function seedIdeas(tx: Tx, scope: Scope) {
  const { threadAfter, firstUser, userCount } = scope
  const salt = (step: number) => scope.seed * 64 + 32 + step
  // Whoever triages an idea (the same person for all of it) is on this seed's product team or staff.
  const triagers = (
    await tx<{ id: number }[]>`
    select id from users where id between ${firstUser} and ${firstUser + userCount - 1} and role <> 'member' order by id`
  ).map((u) => u.id)
  const triager = (key: Fragment) =>
    tx`(${triagers}::bigint[])[1 + floor(pg_temp.seed_random(${key}, ${salt(1)}) * ${triagers.length})::int]`
  // How an idea reached its status: one 'status' event per step, as changeIdeaStatus records them.
  const paths = tx`(values
    ('under_review', 1, 1, 'new', 'under_review', null),
    ('planned', 1, 2, 'new', 'under_review', null),
    ('planned', 2, 2, 'under_review', 'planned', 'On the roadmap: we will post here when work starts.'),
    ('in_progress', 1, 3, 'new', 'under_review', null),
    ('in_progress', 2, 3, 'under_review', 'planned', 'On the roadmap: we will post here when work starts.'),
    ('in_progress', 3, 3, 'planned', 'in_progress', null),
    ('shipped', 1, 4, 'new', 'under_review', null),
    ('shipped', 2, 4, 'under_review', 'planned', 'On the roadmap: we will post here when work starts.'),
    ('shipped', 3, 4, 'planned', 'in_progress', null),
    ('shipped', 4, 4, 'in_progress', 'shipped', 'Shipped: this is now available in every workspace. Thank you for the votes!'),
    ('declined', 1, 2, 'new', 'under_review', null),
    ('declined', 2, 2, 'under_review', 'declined', 'Declined: this does not fit where the product is going. Thank you for the suggestion.')
  ) as path (status, step, steps, from_status, to_status, note)`

  // Recent ideas are still new; older ones spread over the board, a third of them never triaged.
  await tx`
    with chosen as (
      select t.id, t.created_at,
             case when t.created_at > now() - interval '60 days' then 'new'
                  when r < 0.32 then 'new' when r < 0.48 then 'under_review' when r < 0.62 then 'planned'
                  when r < 0.72 then 'in_progress' when r < 0.88 then 'shipped' else 'declined' end as status
      from threads t cross join lateral (select pg_temp.seed_random(t.id, ${salt(2)}) as r) x
      where t.id > ${threadAfter} and t.kind = 'idea' and t.deleted_at is null),
    events as (
      insert into idea_events (idea_id, actor_id, type, from_status, to_status, note, created_at)
      select c.id, ${triager(tx`c.id`)}, 'status', path.from_status, path.to_status, path.note,
             c.created_at + (now() - c.created_at) * 0.95 * ((path.step - 1 + 0.15 + 0.7 * pg_temp.seed_random(c.id * 8 + path.step, ${salt(3)})) / path.steps)
      from chosen c join ${paths} on path.status = c.status
      returning idea_id, to_status, created_at)
    update threads t set idea_status = e.to_status, status_changed_at = e.created_at
    from (select distinct on (idea_id) idea_id, to_status, created_at from events order by idea_id, created_at desc) e
    where t.id = e.idea_id`

  // Votes while the idea was open, more for the ones the team took up; each holds a slot of
  // the voter's budget, which closing the idea released (setIdeaVote, changeIdeaStatus).
  const votes = await tx`
    with votes as (
      insert into idea_votes (idea_id, user_id, created_at)
      select i.id, voter.id,
             i.created_at + (coalesce(i.status_changed_at, now()) - i.created_at) * pow(pg_temp.seed_random(i.id * 1024 + n, ${salt(4)}), 1.5)
      from threads i
      cross join lateral (
        select least(1000, (floor(pow(1 - pg_temp.seed_random(i.id, ${salt(5)}), -1 / 0.95::float8)) - 1)
                           * case when i.idea_status in ('new', 'declined') then 1 when i.idea_status = 'under_review' then 2 else 3 end)::int as votes) c
      cross join lateral generate_series(1, c.votes) n
      cross join lateral (select ${somePerson(tx, scope, tx`i.id * 1024 + n`, salt(6))} as id) voter
      where i.id > ${threadAfter} and i.kind = 'idea' and voter.id <> i.author_id
      on conflict do nothing
      returning idea_id, user_id, created_at)
    insert into vote_slots (user_id, idea_id, taken_at, released_at)
    select v.user_id, v.idea_id, v.created_at, case when i.idea_status = any(${[...closedStatuses]}::text[]) then i.status_changed_at end
    from votes v join threads i on i.id = v.idea_id`
  await tx`
    update threads t set vote_count = v.votes
    from (select idea_id, count(*)::int as votes from idea_votes where idea_id > ${threadAfter} group by idea_id) v
    where t.id = v.idea_id`

  // A third of the ideas link questions and discussions as evidence (linkThread), each with its timeline entry.
  const links = await tx`
    with support as (
      select id, created_at, row_number() over (order by id) as place from threads
      where id > ${threadAfter} and kind <> 'idea' and deleted_at is null),
    picks as (
      select i.id as idea_id, i.created_at, n, 1 + floor(pg_temp.seed_random(i.id * 16 + n, ${salt(7)}) * (select count(*) from support))::bigint as place
      from threads i
      cross join lateral (
        select case when pg_temp.seed_random(i.id, ${salt(8)}) < 0.35 then 1 + floor(pow(pg_temp.seed_random(i.id, ${salt(9)}), 2) * 4)::int else 0 end as links) c
      cross join lateral generate_series(1, c.links) n
      where i.id > ${threadAfter} and i.kind = 'idea' and i.deleted_at is null),
    linked as (
      insert into idea_links (idea_id, thread_id, linked_by, created_at)
      select p.idea_id, s.id, ${triager(tx`p.idea_id`)},
             greatest(p.created_at, s.created_at) + (now() - greatest(p.created_at, s.created_at)) * pg_temp.seed_random(p.idea_id * 16 + p.n, ${salt(10)})
      from picks p join support s on s.place = p.place
      on conflict do nothing
      returning idea_id, thread_id, linked_by, created_at)
    insert into idea_events (idea_id, actor_id, type, other_thread_id, created_at)
    select idea_id, linked_by, 'linked', thread_id, created_at from linked`

  const [{ ideas, statuses }] = await tx<{ ideas: number; statuses: number }[]>`
    select count(*)::int as ideas, count(distinct idea_status)::int as statuses from threads where id > ${threadAfter} and kind = 'idea'`
  return { ideas, statuses, votes: votes.count, links: links.count }
}

export async function seedLarge(sql: Sql, options: LargeSeedOptions) {
  const log = options.log ?? (() => {})
  const random = mulberry32(options.seed ?? 42)
  const started = Date.now()

  if ((await listCategories(sql)).length === 0) {
    const { demoCategories } = await import('./demo')
    for (const [position, c] of demoCategories.entries()) await insertCategory(sql, { ...c, allowedKinds: [...c.allowedKinds], position })
  }
  const categories = await listCategories(sql)

  const userCount = Math.max(200, Math.min(200_000, Math.round(options.replies / 20)))
  const passwordHash = await hashPassword('large-seed-password')
  const [{ first: firstUser }] = await sql<{ first: number }[]>`
    with inserted as (
      insert into users (username, email, password_hash, role)
      select 'user' || g || '_' || ${Date.now().toString(36)}, 'user' || g || '_' || ${Date.now().toString(36)} || '@example.test', ${passwordHash},
             -- The last account is on the product team, so even a small community has someone triaging ideas.
             case when g % 500 = 0 then 'staff' when g % 500 = 250 or g = ${userCount} then 'product' else 'member' end
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

  for (const statement of [
    'drop index if exists threads_latest',
    'drop index if exists threads_category_latest',
    'drop index if exists threads_author',
    'drop index if exists posts_author',
  ]) {
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
        yield row([
          t.category.id,
          t.author,
          t.kind,
          t.title,
          slugify(t.title),
          t.replies + 1,
          t.replies,
          lastAt,
          t.author,
          new Date(t.createdAt).toISOString(),
          t.kind === 'idea' ? 'new' : null,
        ])
      }
    })(),
  )
  const ids = (await sql<{ id: number }[]>`select id from threads where id > ${idBefore} order by id`).map((r) => r.id)
  log(`${ids.length.toLocaleString('en')} threads`)

  const [{ last: postBefore }] = await sql<{ last: number }[]>`select coalesce(max(id), 0)::bigint as last from posts`
  // How many found each reply helpful, decided as it is written so the wide posts are not
  // rewritten afterwards (the votes themselves follow below): most none, some a few, a
  // handful dozens. A stream of its own, so bodies and authors are those of earlier seeds.
  const voting = mulberry32((options.seed ?? 42) ^ 0x5eed)
  const helpfulVotes = () => (voting() < 0.22 ? Math.min(60, userCount - 1, Math.floor(Math.pow(1 - voting(), -1 / 1.4))) : 0)
  const totalPosts = options.threads + options.replies
  const bar = options.progress
    ? new SingleBar(
        { format: 'posts {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}', hideCursor: true },
        Presets.shades_classic,
      )
    : null
  bar?.start(totalPosts, 0, { rate: 0 })
  let written = 0
  await copyRows(
    sql,
    'copy posts (thread_id, post_number, author_id, markdown, html, created_at, helpful_count) from stdin',
    (function* () {
      for (let i = 0; i < threadMeta.length; i++) {
        const t = threadMeta[i]
        for (let n = 1; n <= t.replies + 1; n++) {
          const body = pool[Math.floor(random() * pool.length)]
          const at = new Date(Math.min(now, t.createdAt + (n - 1) * t.pace)).toISOString()
          yield row([ids[i], n, n === 1 ? t.author : userId(), body.markdown, body.html, at, n === 1 ? 0 : helpfulVotes()])
          if (++written % 5000 === 0) bar?.update(written, { rate: Math.round(written / ((Date.now() - started) / 1000)) })
        }
      }
    })(),
  )
  bar?.update(written)
  bar?.stop()

  // One transaction: one session for the temporary helper, and a seed that is all there or not at all.
  const scope: Scope = { threadAfter: idBefore, postAfter: postBefore, firstUser, userCount, seed: options.seed ?? 42 }
  await sql.begin(async (tx) => {
    // Big statements on fresh tables: JIT compiling them costs more than it saves.
    await tx`set local jit = off`
    await tx`set local work_mem = '64MB'`
    await tx`
      create or replace function pg_temp.seed_random(key bigint, salt bigint) returns float8
      language sql immutable parallel safe
      as $$ select (hashint8extended(key, salt) & 2147483647)::float8 / 2147483648 $$`
    await withKeysSetAside(tx, recognitionTables, async () => {
      const answers = await seedAnswers(tx, scope)
      log(
        `${answers.accepted.toLocaleString('en')} accepted answers, ${answers.helpful.toLocaleString('en')} helpful votes, ${answers.meToos.toLocaleString('en')} "me too", ${answers.events.toLocaleString('en')} reputation events`,
      )
      const ideas = await seedIdeas(tx, scope)
      log(
        `${ideas.ideas.toLocaleString('en')} ideas in ${ideas.statuses} statuses, ${ideas.votes.toLocaleString('en')} idea votes, ${ideas.links.toLocaleString('en')} linked threads`,
      )
    })
  })

  log('building indexes')
  for (const statement of secondaryIndexes) await sql.unsafe(statement)
  await sql`
    update categories c set thread_count = s.threads, post_count = s.posts
    from (select category_id, count(*)::int as threads, sum(last_post_number)::int as posts from threads where deleted_at is null group by category_id) s
    where s.category_id = c.id`
  await sql`analyze`
  // Its posts were rendered by this pipeline: nothing to render again at start.
  await markRenderingCurrent(sql)
  log(
    `seeded ${options.threads.toLocaleString('en')} threads and ${options.replies.toLocaleString('en')} replies in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  return { threadIds: ids, replyCounts: counts }
}
