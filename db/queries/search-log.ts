import type { Db } from '../client'

/** A reader's search extends or shortens one of theirs this recent: the same search, still being typed. */
const TYPING_WINDOW = '20 seconds'

export async function recordSearch(
  sql: Db,
  entry: { query: string; filters: Record<string, unknown>; results: number; userId: number | null },
): Promise<void> {
  const [updated] = await sql`
    update search_log set query = ${entry.query}, results = ${entry.results}, searched_at = now()
    where id = (
      select id from search_log
      where searched_at > now() - ${TYPING_WINDOW}::interval
        and user_id is not distinct from ${entry.userId}
        and filters = ${sql.json(entry.filters as never)}
        and (starts_with(${entry.query}, query) or starts_with(query, ${entry.query}))
      order by id desc limit 1)
    returning id`
  if (updated) return
  await sql`
    insert into search_log (query, filters, results, user_id)
    values (${entry.query}, ${sql.json(entry.filters as never)}, ${entry.results}, ${entry.userId})`
}

export interface SearchMiss {
  query: string
  searches: number
  lastSearchedAt: Date
}

export async function listMisses(sql: Db, days: number, limit: number): Promise<SearchMiss[]> {
  return sql<SearchMiss[]>`
    select min(query) as query, count(*)::int as searches, max(searched_at) as last_searched_at
    from search_log
    where results = 0 and searched_at > now() - make_interval(days => ${days})
    group by lower(query)
    order by searches desc, last_searched_at desc
    limit ${limit}`
}

export async function deleteOlderThan(sql: Db, days: number): Promise<number> {
  const rows = await sql`delete from search_log where searched_at < now() - make_interval(days => ${days}) returning 1`
  return rows.length
}
