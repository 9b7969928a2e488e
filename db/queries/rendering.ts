import type { Db } from '../client'

/* Stored HTML and the stamp of the pipeline that made it. */

const RERENDER_LOCK = 727275

export async function findStamp(sql: Db, key: string): Promise<string | null> {
  const [row] = await sql<{ value: string }[]>`select value #>> '{}' as value from settings where key = ${key}`
  return row?.value ?? null
}

export async function saveStamp(sql: Db, key: string, stamp: string): Promise<void> {
  await sql`
    insert into settings (key, value) values (${key}, ${JSON.stringify(stamp)}::text::jsonb)
    on conflict (key) do update set value = excluded.value, updated_at = now()`
}

export async function tryLockRerender(sql: Db): Promise<boolean> {
  const [row] = await sql<{ locked: boolean }[]>`select pg_try_advisory_lock(${RERENDER_LOCK}) as locked`
  return row.locked
}

export async function unlockRerender(sql: Db): Promise<void> {
  await sql`select pg_advisory_unlock(${RERENDER_LOCK})`
}

export async function countRendered(sql: Db): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select (select count(*) from posts) + (select count(*) from idea_notes) as n`
  return row.n
}

export async function findRenderedBatch(sql: Db, table: 'posts' | 'idea_notes', after: number, limit: number) {
  return sql<{ id: number; markdown: string; html: string }[]>`
    select id, markdown, html from ${sql(table)} where id > ${after} order by id limit ${limit}`
}

export async function updateRenderedHtml(sql: Db, table: 'posts' | 'idea_notes', rows: { id: number; html: string }[]) {
  await sql`
    update ${sql(table)} t set html = v.html
    from (select unnest(${rows.map((r) => r.id)}::bigint[]) as id, unnest(${rows.map((r) => r.html)}::text[]) as html) v
    where t.id = v.id`
}
