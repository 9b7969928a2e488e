import type { Db } from './client'
import type { Readability } from './types'

/*
 * The SQL words of the policy's visibility section: what a thread's or a
 * post's state means inside a query. The policy decides who sees what from
 * them (visibleThreads, readablePosts); queries use them and never spell out
 * the columns, so hiding and moderation change one place. A lint rule keeps
 * the literal predicates out of db/queries.
 */

/** Not deleted: the thread or post exists for those allowed to see it. */
export function notDeleted(sql: Db, alias: string) {
  return sql`${sql(alias)}.deleted_at is null`
}

/** Not held: a thread or post no longer waiting for staff to approve a newcomer's post. */
export function notHeld(sql: Db, alias: string) {
  return sql`${sql(alias)}.held_at is null`
}

/** In public view: neither deleted, hidden nor held. Points earned count only while a post is. */
export function inPublicView(sql: Db, alias: string) {
  return sql`(${sql(alias)}.deleted_at is null and ${sql(alias)}.hidden_at is null and ${sql(alias)}.held_at is null)`
}

/** On the board (and searchable): a thread neither deleted, held nor merged into another idea. */
export function onBoard(sql: Db, alias: string) {
  return sql`(${sql(alias)}.deleted_at is null and ${sql(alias)}.held_at is null and ${sql(alias)}.merged_into_id is null)`
}

/** Not merged away: a thread whose posts a staff merge moved into another is listed and searched there instead. */
export function notMergedAway(sql: Db, alias: string) {
  return sql`${sql(alias)}.posts_merged_at is null`
}

/** Read at one of these levels: a thread or category whose `readable_by` is among them. */
export function readableAt(sql: Db, alias: string, levels: readonly Readability[]) {
  return sql`${sql(alias)}.readable_by = any(${levels as Readability[]}::text[])`
}
