import type { Db } from '../client'
import type { WatchLevel } from '../types'

export async function insertHelpfulVote(sql: Db, postId: number, userId: number): Promise<boolean> {
  const rows = await sql`insert into helpful_votes (post_id, user_id) values (${postId}, ${userId}) on conflict do nothing returning 1`
  return rows.length === 1
}

export async function deleteHelpfulVote(sql: Db, postId: number, userId: number): Promise<boolean> {
  const rows = await sql`delete from helpful_votes where post_id = ${postId} and user_id = ${userId} returning 1`
  return rows.length === 1
}

export async function addHelpfulCount(sql: Db, postId: number, delta: number): Promise<number> {
  const [row] = await sql<{ helpfulCount: number }[]>`
    update posts set helpful_count = helpful_count + ${delta} where id = ${postId} returning helpful_count`
  return row.helpfulCount
}

export async function insertMeToo(sql: Db, threadId: number, userId: number): Promise<boolean> {
  const rows = await sql`insert into me_toos (thread_id, user_id) values (${threadId}, ${userId}) on conflict do nothing returning 1`
  return rows.length === 1
}

export async function deleteMeToo(sql: Db, threadId: number, userId: number): Promise<boolean> {
  const rows = await sql`delete from me_toos where thread_id = ${threadId} and user_id = ${userId} returning 1`
  return rows.length === 1
}

export async function addMeTooCount(sql: Db, threadId: number, delta: number): Promise<number> {
  const [row] = await sql<{ meTooCount: number }[]>`
    update threads set me_too_count = me_too_count + ${delta} where id = ${threadId} returning me_too_count`
  return row.meTooCount
}

export async function setAcceptedPost(sql: Db, threadId: number, postId: number | null): Promise<void> {
  await sql`
    update threads set accepted_post_id = ${postId}, solved_at = ${postId ? sql`now()` : null}
    where id = ${threadId}`
}

/** Which of these posts the viewer found helpful, and whether they have the thread's question too. */
export async function findViewerMarks(sql: Db, userId: number, threadId: number, postIds: number[]) {
  const [row] = await sql<{ helpful: number[]; meToo: boolean; flagged: number[]; watch: WatchLevel | null }[]>`
    select array(select post_id from helpful_votes where user_id = ${userId} and post_id = any(${postIds}::bigint[])) as helpful,
           (select level from thread_watches where user_id = ${userId} and thread_id = ${threadId}) as watch,
           exists(select 1 from me_toos where user_id = ${userId} and thread_id = ${threadId}) as me_too,
           array(select post_id from flags where user_id = ${userId} and post_id = any(${postIds}::bigint[]) and resolved_at is null) as flagged`
  return { helpful: row.helpful.map(Number), meToo: row.meToo, flagged: row.flagged.map(Number), watch: row.watch }
}
