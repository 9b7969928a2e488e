import type { Db, Sql, Tx } from '../db/client'
import type { IdeaStatus, Readability, ThreadKind } from '../db/types'
import { inPublicView, onBoard, readableAt } from '../db/visibility'
import {
  publicOnly,
  type IndexChange,
  type SearchEngine,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type Snippet,
  type Suggestion,
} from './port'
import { parseQuery } from './query-text'
import { allThreadIds, readPosts, readThreadPosts, readThreads, threadIdsInCategories, type SourcePost, type SourceThread } from './source'

/*
 * PostgreSQL full-text search, the default engine: tables of its own in the
 * forum's database (db/migrations/0007_search.sql), one weighted document
 * per post, grouped per thread at query time.
 *
 * Ranking is capped: a query ranks at most CANDIDATES of the newest posts
 * that match (plus TITLE_CANDIDATES opening posts, so an old thread whose
 * title matches is never lost). A common word matches half the forum;
 * ranking all of it would cost seconds, and the newest matches are the
 * ones a reader most likely wants.
 *
 * The query's tsquery is a CTE that is NOT MATERIALIZED, so the planner sees
 * it as a constant and estimates from the lexeme statistics how many posts
 * match: for a common word it walks the newest posts (the primary key, or
 * search_posts_opening_recent for opening posts) and stops at the cap; for a
 * rare one it reads the GIN index. A materialized CTE hides the words, and the
 * planner then reads every match of a common word from the GIN index (a
 * second for a word in a fifth of a million posts). The same goes for a
 * prepared statement's generic plan, so search plans each statement anew.
 */

// Measured at 100,000 threads and 1.1 million posts: a filter that passes few posts makes
// the newest-first walk read ~30 posts per candidate, so the cap is what a query costs.
const CANDIDATES = 300
const TITLE_CANDIDATES = 300
const SUGGEST_CANDIDATES = 300

// Markers ts_headline puts around matches: control characters no post contains (the sanitizer drops them).
const START = '\u0001'
const STOP = '\u0002'
const HEADLINE = `StartSel=${START}, StopSel=${STOP}, MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`
const TITLE_HEADLINE = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`

/** Turns ts_headline output into runs of plain and matched text. */
export function toSnippet(marked: string): Snippet {
  const runs: Snippet = []
  for (const [i, part] of marked.split(new RegExp(`[${START}${STOP}]`)).entries()) {
    if (part) runs.push({ text: part, mark: i % 2 === 1 })
  }
  return runs
}

/** Words worth keeping in the lexicon that corrects typos. */
export function wordsOf(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/\p{L}[\p{L}\p{N}]{2,29}/gu) ?? [])]
}

/** Date filters name whole days (UTC): `to` includes its day. */
function startOfDay(date: Date, daysLater: number) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + daysLater))
}

/** `language`: the text-search configuration, read at each use, as the community's setting may change. */
export function createPostgresEngine(options: { language?: () => string } = {}): SearchEngine {
  const language = options.language ?? (() => 'english')
  const cfg = (sql: Db) => sql`${language()}::regconfig`

  async function upsertThreads(sql: Db, threads: SourceThread[]) {
    if (!threads.length) return
    await sql`
      insert into search_threads ${sql(
        threads.map((t) => ({
          thread_id: t.id,
          title: t.title,
          slug: t.slug,
          kind: t.kind,
          category_id: t.categoryId,
          author_id: t.authorId,
          solved: t.solved,
          accepted_post_id: t.acceptedPostId,
          idea_status: t.ideaStatus,
          vote_count: t.voteCount,
          reply_count: t.replyCount,
          created_at: t.createdAt,
          last_posted_at: t.lastPostedAt,
          readable_by: t.readableBy,
        })),
      )}
      on conflict (thread_id) do update set
        title = excluded.title, slug = excluded.slug, kind = excluded.kind, category_id = excluded.category_id,
        author_id = excluded.author_id, solved = excluded.solved, accepted_post_id = excluded.accepted_post_id,
        idea_status = excluded.idea_status, vote_count = excluded.vote_count, reply_count = excluded.reply_count,
        created_at = excluded.created_at, last_posted_at = excluded.last_posted_at, readable_by = excluded.readable_by`
  }

  /** Writes posts' documents; their threads are in search_threads already (the title weighs in). */
  async function upsertPosts(sql: Db, posts: SourcePost[]) {
    if (!posts.length) return
    await sql`
      insert into search_posts (post_id, thread_id, post_number, accepted, document, body)
      select x.post_id, x.thread_id, x.post_number, x.accepted,
             case when x.post_number = 1
                  then setweight(to_tsvector(${cfg(sql)}, st.title), 'A') || setweight(to_tsvector(${cfg(sql)}, x.body), 'B')
                  else setweight(to_tsvector(${cfg(sql)}, x.body), case when x.accepted then 'C' else 'D' end::"char") end,
             x.body
      from unnest(${posts.map((p) => p.id)}::bigint[], ${posts.map((p) => p.threadId)}::bigint[],
                  ${posts.map((p) => p.postNumber)}::int[], ${posts.map((p) => String(p.accepted))}::text[]::bool[],
                  ${posts.map((p) => p.text)}::text[]) as x(post_id, thread_id, post_number, accepted, body)
      join search_threads st on st.thread_id = x.thread_id
      on conflict (post_id) do update set
        thread_id = excluded.thread_id, post_number = excluded.post_number, accepted = excluded.accepted,
        document = excluded.document, body = excluded.body`
    const words = wordsOf(posts.map((p) => p.text).join(' '))
    if (words.length) await sql`insert into search_words (word) select unnest(${words}::text[]) on conflict do nothing`
  }

  async function forgetThreads(sql: Db, ids: number[]) {
    if (!ids.length) return
    await sql`delete from search_posts where thread_id = any(${ids}::bigint[])`
    await sql`delete from search_threads where thread_id = any(${ids}::bigint[])`
  }

  async function update(sql: Db, change: IndexChange) {
    const postThreads = change.postIds.length
      ? await sql<Array<{ threadId: number }>>`select distinct thread_id from posts where id = any(${change.postIds}::bigint[])`
      : []
    const inCategories = await threadIdsInCategories(sql, change.categoryIds)
    const threadIds = [...new Set([...change.threadIds, ...postThreads.map((r) => r.threadId), ...inCategories])]
    const threads = await readThreads(sql, threadIds)
    const present = new Set(threads.map((t) => t.id))
    await forgetThreads(
      sql,
      threadIds.filter((id) => !present.has(id)),
    )
    await upsertThreads(sql, threads)
    // A changed thread's opening post carries its title; a new accepted answer (or one no longer accepted) changes weight.
    const restated = threads.length
      ? await sql<Array<{ id: number }>>`
          select p.id from posts p join threads t on t.id = p.thread_id
          where p.thread_id = any(${threads.map((t) => t.id)}::bigint[])
            and (p.post_number = 1 or p.id = t.accepted_post_id
                 or p.id in (select sp.post_id from search_posts sp where sp.thread_id = p.thread_id and sp.accepted))`
      : []
    const postIds = [...new Set([...change.postIds, ...restated.map((r) => r.id)])]
    const posts = (await readPosts(sql, postIds)).filter((p) => present.has(p.threadId))
    const kept = new Set(posts.map((p) => p.id))
    const gone = postIds.filter((id) => !kept.has(id))
    if (gone.length) await sql`delete from search_posts where post_id = any(${gone}::bigint[])`
    await upsertPosts(sql, posts)
  }

  /** Unknown words become their nearest known neighbours: "pasword" searches "password". */
  async function correct(sql: Db, text: string): Promise<string> {
    const parsed = parseQuery(text)
    const candidates = [...new Set(parsed.correctable.map((w) => w.toLowerCase()))].filter((w) => w.length >= 3)
    if (!candidates.length) return text
    const rows = await sql<Array<{ word: string; nearest: string | null }>>`
      select q.word,
             case when exists (select 1 from search_words s where s.word = q.word) then null
                  else (select s.word from search_words s where s.word % q.word order by s.word <-> q.word, s.word limit 1) end as nearest
      from unnest(${candidates}::text[]) as q(word)`
    const fixes = new Map(rows.filter((r) => r.nearest).map((r) => [r.word, r.nearest!]))
    return fixes.size ? parsed.rewrite((word) => fixes.get(word.toLowerCase()) ?? word) : text
  }

  function filtersSql(sql: Db, f: SearchFilters) {
    return sql`
      and ${readableAt(sql, 'st', f.readableBy ?? publicOnly)}
      ${f.categoryId ? sql`and st.category_id = ${f.categoryId}` : sql``}
      ${f.kind ? sql`and st.kind = ${f.kind}` : sql``}
      ${f.solved === undefined ? sql`` : sql`and st.kind = 'question' and st.solved = ${f.solved}`}
      ${f.ideaStatus ? sql`and st.idea_status = ${f.ideaStatus}` : sql``}
      ${f.authorId ? sql`and st.author_id = ${f.authorId}` : sql``}
      ${f.from ? sql`and st.created_at >= ${startOfDay(f.from, 0)}` : sql``}
      ${f.to ? sql`and st.created_at < ${startOfDay(f.to, 1)}` : sql``}`
  }

  /**
   * The query as a tsquery. The word still being typed also matches as a
   * prefix ("invite te" finds "team"); with `anyWord`, threads matching any
   * of the words count, for a query whose words never meet in one post.
   */
  function tsquery(sql: Db, text: string, anyWord: boolean) {
    const { typing } = parseQuery(text)
    const q = typing
      ? sql`(websearch_to_tsquery(${cfg(sql)}, ${text.slice(0, text.length - typing.length)})
             && (websearch_to_tsquery(${cfg(sql)}, ${typing}) || to_tsquery('simple', ${`${typing.toLowerCase()}:*`})))`
      : sql`websearch_to_tsquery(${cfg(sql)}, ${text})`
    return anyWord ? sql`replace((${q})::text, ' & ', ' | ')::tsquery` : q
  }

  /**
   * Runs a search's statements each planned for its own words. Prepared
   * statements otherwise switch to a plan made once for any words, which
   * guesses how many posts match and, for a common word under a filter,
   * takes seconds.
   */
  function plannedForTheseWords<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return sql.begin(async (tx) => {
      await tx`set local plan_cache_mode = force_custom_plan`
      return fn(tx)
    }) as Promise<T>
  }

  function search(sql: Sql, query: SearchQuery): Promise<SearchResult> {
    return plannedForTheseWords(sql, async (tx) => {
      const corrected = await correct(tx, query.text)
      const parsed = parseQuery(corrected)
      const every = await ranked(tx, query, corrected, false)
      // Nothing has every word: rather than an empty page, threads with most of them, best first.
      const result =
        every.hits.length || query.page > 1 || !parsed.plainOnly || parsed.correctable.length < 2
          ? every
          : await ranked(tx, query, corrected, true)
      return { ...result, correctedText: corrected === query.text ? null : corrected }
    })
  }

  async function ranked(sql: Db, query: SearchQuery, corrected: string, anyWord: boolean): Promise<Omit<SearchResult, 'correctedText'>> {
    const filters = filtersSql(sql, query.filters)
    const offset = (query.page - 1) * query.perPage
    const order = query.sort === 'newest' ? sql`st.last_posted_at desc, st.thread_id desc` : sql`score desc, st.thread_id desc`
    const rows = await sql<Array<Omit<SearchHit, 'snippet' | 'titleMarked'> & { marked: string; titleMarkedText: string }>>`
      with q as not materialized (select ${tsquery(sql, corrected, anyWord)} as q),
      candidates as (
        (select sp.post_id, sp.thread_id, sp.post_number, sp.accepted, sp.document
         from search_posts sp join search_threads st using (thread_id), q
         where sp.document @@ q.q ${filters}
         order by sp.post_id desc limit ${CANDIDATES})
        union
        (select sp.post_id, sp.thread_id, sp.post_number, sp.accepted, sp.document
         from search_posts sp join search_threads st using (thread_id), q
         where sp.post_number = 1 and sp.document @@ q.q ${filters}
         order by sp.post_id desc limit ${TITLE_CANDIDATES})
      ),
      scored as (
        select c.*, ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', c.document, q.q) as rank from candidates c, q
      ),
      best as (
        select distinct on (thread_id) thread_id, post_id, post_number, accepted, rank,
               count(*) over (partition by thread_id) as matches
        from scored order by thread_id, rank desc, post_number
      )
      select st.thread_id, st.title, st.slug, st.kind, st.category_id, st.solved, st.idea_status, st.author_id,
             st.created_at, st.last_posted_at, st.reply_count, b.post_number,
             ts_headline(${cfg(sql)}, sp.body, q.q, ${HEADLINE}) as marked,
             ts_headline(${cfg(sql)}, st.title, q.q, ${TITLE_HEADLINE}) as title_marked_text,
             -- Relevance, then what readers value: solved questions, accepted answers, recent activity.
             b.rank * (1 + 0.15 * ln(b.matches))
               * (case when st.solved then 1.4 else 1 end)
               * (case when b.accepted then 1.25 else 1 end)
               * (1 + 0.5 / (1 + extract(epoch from now() - st.last_posted_at) / 2592000)) as score
      from best b
      join search_threads st on st.thread_id = b.thread_id
      join search_posts sp on sp.post_id = b.post_id
      -- The index follows the forum within moments; the forum's own tables have the last word on what is public.
      join threads t on t.id = st.thread_id and ${onBoard(sql, 't')} and ${readableAt(sql, 't', query.filters.readableBy ?? publicOnly)}
      join posts p on p.id = b.post_id and ${inPublicView(sql, 'p')},
      q
      order by ${order}
      limit ${query.perPage + 1} offset ${offset}`
    const hits = rows.slice(0, query.perPage).map(({ marked, titleMarkedText, ...hit }) => ({
      ...hit,
      kind: hit.kind as ThreadKind,
      ideaStatus: hit.ideaStatus as IdeaStatus | null,
      titleMarked: toSnippet(titleMarkedText),
      snippet: toSnippet(marked),
    }))
    return { hits, more: rows.length > query.perPage }
  }

  function suggest(sql: Sql, title: string, limit: number, readableBy: readonly Readability[] = publicOnly): Promise<Suggestion[]> {
    return plannedForTheseWords(sql, async (tx) => similarTitles(tx, (await correct(tx, title)).replace(/["-]/g, ' '), limit, readableBy))
  }

  async function similarTitles(sql: Db, text: string, limit: number, readableBy: readonly Readability[]): Promise<Suggestion[]> {
    // Any of the title's words may match (a new question rarely repeats an old one word for word); more matches rank higher.
    return sql<Suggestion[]>`
      with q as not materialized (select nullif(replace(plainto_tsquery(${cfg(sql)}, ${text})::text, ' & ', ' | '), '')::tsquery as q),
      -- Typos were corrected word by word already; a trigram match on whole titles cost more than it found.
      candidates as (
        select sp.thread_id from search_posts sp, q
        where sp.post_number = 1 and sp.document @@ q.q order by sp.post_id desc limit ${SUGGEST_CANDIDATES}
      )
      select st.thread_id, st.title, st.slug, st.kind, st.solved, st.idea_status,
             case when length(split_part(acc.body, E'\n', 1)) > 140 then left(split_part(acc.body, E'\n', 1), 139) || '…'
                  else nullif(split_part(acc.body, E'\n', 1), '') end as accepted_excerpt
      from candidates c
      join search_threads st on st.thread_id = c.thread_id
      join search_posts sp on sp.thread_id = st.thread_id and sp.post_number = 1
      join threads t on t.id = st.thread_id and ${onBoard(sql, 't')} and ${readableAt(sql, 't', readableBy)}
      left join search_posts acc on acc.post_id = st.accepted_post_id, q
      order by coalesce(ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', sp.document, q.q), 0) * (1 + similarity(st.title, ${text})) desc,
               st.thread_id desc
      limit ${limit}`
  }

  async function reindex(sql: Sql, progress: (done: number, total: number) => void) {
    const [{ total }] = await sql<[{ total: number }]>`
      select count(*)::int as total from posts p join threads t on t.id = p.thread_id
      where ${inPublicView(sql, 'p')} and ${onBoard(sql, 't')}`
    let done = 0
    progress(0, total)
    // In place, a batch of threads per transaction: search answers throughout, from old and new rows alike.
    for await (const batch of allThreadIds(sql, 200)) {
      await sql.begin(async (tx) => {
        await upsertThreads(tx, await readThreads(tx, batch.ids))
        const posts = await readThreadPosts(tx, batch.ids)
        await tx`delete from search_posts where thread_id = any(${batch.ids}::bigint[])
                 and post_id <> all(${posts.map((p) => p.id)}::bigint[])`
        await upsertPosts(tx, posts)
        done += posts.length
      })
      progress(done, total)
    }
    // Threads no longer searchable (deleted, merged) since they were indexed.
    await sql`delete from search_posts sp where not exists (
                select 1 from threads t where t.id = sp.thread_id and ${onBoard(sql, 't')})`
    await sql`delete from search_threads st where not exists (
                select 1 from threads t where t.id = st.thread_id and ${onBoard(sql, 't')})`
  }

  return {
    name: 'postgres',
    setup: async () => {},
    update: (sql, change) => update(sql, change),
    search,
    suggest,
    reindex,
    health: async () => ({ ok: true }),
    close: async () => {},
  }
}
