import type { Db } from '../client'

/* Staff thread tools: pins, moves, duplicates, merges and the redirects merges leave behind. */

export type Pin = 'category' | 'global'

export async function setThreadPinned(sql: Db, id: number, pinned: Pin | null): Promise<void> {
  await sql`update threads set pinned = ${pinned}, pinned_at = ${pinned ? sql`now()` : null} where id = ${id}`
}

export async function setThreadCategory(sql: Db, id: number, categoryId: number): Promise<void> {
  // The thread is read as its new category is.
  await sql`
    update threads set category_id = ${categoryId}, readable_by = (select readable_by from categories where id = ${categoryId})
    where id = ${id}`
}

/** Closing as a duplicate locks the thread; reopening unlocks it. */
export async function setDuplicateOf(sql: Db, id: number, duplicateOfId: number | null): Promise<void> {
  await sql`
    update threads
    set duplicate_of_id = ${duplicateOfId},
        locked_at = ${duplicateOfId ? sql`coalesce(locked_at, now())` : null}
    where id = ${id}`
}

export interface MovedPost {
  id: number
  fromPostNumber: number
  toPostNumber: number
}

/**
 * Moves every post of one thread to the end of another, numbered on from
 * `afterNumber` in the order they were written. The new numbers are all above
 * the target's last, so no existing number changes or collides. Held replies
 * move too, still unnumbered, and are numbered there when approved.
 */
export async function appendPostsToThread(sql: Db, fromId: number, intoId: number, afterNumber: number): Promise<MovedPost[]> {
  return sql<MovedPost[]>`
    with moved as (
      select id, post_number, row_number() over (order by created_at, post_number)::int as n
      from posts where thread_id = ${fromId} and post_number is not null
    ),
    held as (
      update posts set thread_id = ${intoId} where thread_id = ${fromId} and post_number is null
    )
    update posts p set thread_id = ${intoId}, post_number = ${afterNumber} + m.n
    from moved m where p.id = m.id
    returning p.id, m.post_number as from_post_number, p.post_number as to_post_number`
}

/** Records where each moved post went, and sends older redirects that pointed at the merged thread on to the new place. */
export async function insertRedirects(sql: Db, fromId: number, intoId: number, moved: MovedPost[]): Promise<void> {
  if (!moved.length) return
  await sql`
    insert into thread_redirects (from_thread_id, from_post_number, to_thread_id, to_post_number)
    select ${fromId}, f, ${intoId}, t
    from unnest(${moved.map((m) => m.fromPostNumber)}::int[], ${moved.map((m) => m.toPostNumber)}::int[]) as x(f, t)`
  await sql`
    update thread_redirects r set to_thread_id = n.to_thread_id, to_post_number = n.to_post_number
    from thread_redirects n
    where r.to_thread_id = ${fromId} and n.from_thread_id = ${fromId} and n.from_post_number = r.to_post_number`
  await sql`update threads set merged_into_id = ${intoId} where merged_into_id = ${fromId} and posts_merged_at is not null`
}

export async function markPostsMerged(sql: Db, fromId: number, intoId: number): Promise<void> {
  await sql`
    update threads set merged_into_id = ${intoId}, posts_merged_at = now(), pinned = null, pinned_at = null
    where id = ${fromId}`
}

/** A thread's last number, reply count and latest post after posts were appended. */
export async function recountThread(sql: Db, id: number, lastPostNumber: number): Promise<void> {
  await sql`
    update threads t
    set last_post_number = ${lastPostNumber},
        reply_count = ${lastPostNumber - 1},
        last_posted_at = latest.created_at,
        last_poster_id = latest.author_id
    from (select created_at, author_id from posts where thread_id = ${id} and post_number is not null
          order by created_at desc, post_number desc limit 1) latest
    where t.id = ${id}`
}

export interface ThreadRedirect {
  id: number
  slug: string
  postNumber: number | null
}

/**
 * Where a merged thread's address goes now: its target, and the post's new
 * number when the address named a post that moved.
 */
export async function findThreadRedirect(sql: Db, fromId: number, postNumber?: number): Promise<ThreadRedirect | undefined> {
  const [row] = await sql<ThreadRedirect[]>`
    select t.id, t.slug, r.to_post_number as post_number
    from threads s
    join threads t on t.id = s.merged_into_id
    left join thread_redirects r on r.from_thread_id = s.id and r.from_post_number = ${postNumber ?? 0}
    where s.id = ${fromId} and s.posts_merged_at is not null`
  return row
}
