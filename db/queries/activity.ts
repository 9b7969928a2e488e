import type { Db } from '../client'

/** Adds threads and replies to their categories' days; a thread names its category through its row. */
export async function addCategoryActivity(sql: Db, entries: { threadId: number; day: string; kind: 'thread' | 'reply' }[]) {
  if (!entries.length) return
  await sql`
    insert into category_activity (category_id, day, threads, replies)
    select t.category_id, e.day, count(*) filter (where e.kind = 'thread')::int, count(*) filter (where e.kind = 'reply')::int
    from unnest(${entries.map((e) => e.threadId)}::bigint[], ${entries.map((e) => e.day)}::date[], ${entries.map((e) => e.kind)}::text[])
      as e(thread_id, day, kind)
    join threads t on t.id = e.thread_id
    group by t.category_id, e.day
    on conflict (category_id, day) do update
      set threads = category_activity.threads + excluded.threads, replies = category_activity.replies + excluded.replies`
}

/** Threads and replies started in each category over the last `days` days. */
export async function listRecentActivity(sql: Db, days: number): Promise<Map<number, number>> {
  const rows = await sql<{ categoryId: number; posts: number }[]>`
    select category_id, sum(threads + replies)::int as posts from category_activity
    where day > (now() at time zone 'utc')::date - ${days}::int group by category_id`
  return new Map(rows.map((r) => [Number(r.categoryId), r.posts]))
}
