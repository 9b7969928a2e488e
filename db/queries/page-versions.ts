import type { Db, Fragment } from '../client'

/*
 * Versions of pages as visitors see them, for conditional requests: read
 * with one cheap query before rendering, from the outbox events that could
 * change a page.
 *
 * Event ids and txids are taken before commit, so an event can commit below
 * the newest one already counted. A version is therefore the newest txid,
 * and, while some of the page's events are recent (at or above the oldest
 * running transaction, xmin, where more may still commit), also how many of
 * those there are and that xmin. An event committing later either raises the
 * newest txid, or lands among the recent ones: their count grows while xmin
 * stays, and xmin moving changes the version by itself. Events older than
 * xmin are settled, so an unchanged page keeps its version.
 */

interface VersionRow {
  latest: string | null
  recent: number
  xmin: string
}

const versionOf = (row: VersionRow) => (row.recent === 0 ? (row.latest ?? '0') : `${row.latest}.${row.recent}.${row.xmin}`)

/**
 * A thread page's version: events of the thread, of the threads linked to
 * it (an idea and the threads that need it show each other's counts), and
 * forum-wide events of `siteTypes`. Null when a visitor may not read the
 * thread (`visible` is the policy's predicate over `threads t`): then there is
 * nothing to revalidate.
 */
export async function findThreadPageVersion(sql: Db, id: number, visible: Fragment, siteTypes: readonly string[]) {
  const ofThread = sql`o.payload ? 'threadId' and (o.payload->>'threadId')::bigint = k.id`
  const ofRelated = sql`o.payload ?| array['intoId', 'linkedThreadId'] and coalesce(o.payload->>'intoId', o.payload->>'linkedThreadId')::bigint = k.id`
  const [row] = await sql<(VersionRow & { visible: boolean })[]>`
    with h as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
    keys as (
      select ${id}::bigint as id
      union select thread_id from idea_links where idea_id = ${id}
      union select idea_id from idea_links where thread_id = ${id}
    ),
    sources as (
      select (select max(o.txid) from outbox o where ${ofThread}) as latest,
             (select count(*) from outbox o where ${ofThread} and o.txid >= h.xmin) as recent
      from keys k, h
      union all
      select (select max(o.txid) from outbox o where ${ofRelated}),
             (select count(*) from outbox o where ${ofRelated} and o.txid >= h.xmin)
      from keys k, h
      union all
      select (select max(o.txid) from outbox o where o.type = s.type),
             (select count(*) from outbox o where o.type = s.type and o.txid >= h.xmin)
      from unnest(${siteTypes as string[]}::text[]) s(type), h
    )
    select exists (select 1 from threads t where t.id = ${id} and ${visible}) as visible,
           max(latest)::text as latest, sum(recent)::int as recent, (select xmin from h)::text as xmin
    from sources`
  return row.visible ? versionOf(row) : null
}

/** Any other page's version: events of every kind but `privateTypes` (which change no visitor's page). */
export async function findForumVersion(sql: Db, privateTypes: readonly string[]): Promise<string> {
  const types = privateTypes as string[]
  const [row] = await sql<VersionRow[]>`
    with h as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select (select max(txid) from outbox where type <> all(${types}::text[]))::text as latest,
           (select count(*)::int from outbox, h where txid >= h.xmin and type <> all(${types}::text[])) as recent,
           h.xmin::text as xmin
    from h`
  return versionOf(row)
}
