import type { Db } from '../client'
import type { Role } from '../types'
import { notDeleted } from '../visibility'

/* Flags, hidden posts and suspensions: the tables moderation reads and writes. */

export type FlagReason = 'spam' | 'off_topic' | 'abusive' | 'other'

/** Records a member's flag; false when they already have one open on the post. */
export async function insertFlag(
  sql: Db,
  flag: { postId: number; userId: number; reason: FlagReason; note: string | null },
): Promise<boolean> {
  const rows = await sql`
    insert into flags (post_id, user_id, reason, note) values (${flag.postId}, ${flag.userId}, ${flag.reason}, ${flag.note})
    on conflict (post_id, user_id) where resolved_at is null do nothing
    returning id`
  return rows.length > 0
}

export async function deleteOpenFlag(sql: Db, postId: number, userId: number): Promise<boolean> {
  const rows = await sql`delete from flags where post_id = ${postId} and user_id = ${userId} and resolved_at is null returning id`
  return rows.length > 0
}

/**
 * Open flags that count towards hiding a post: one per member, from staff or
 * from members trusted by then (a newcomer's flags wait for staff instead).
 */
export async function countWeightyFlags(sql: Db, postId: number): Promise<{ trusted: number; staff: number }> {
  const [row] = await sql<[{ trusted: number; staff: number }]>`
    select count(*) filter (where u.trusted_at is not null or u.role <> 'member')::int as trusted,
           count(*) filter (where u.role in ('staff', 'admin'))::int as staff
    from flags f join users u on u.id = f.user_id
    where f.post_id = ${postId} and f.resolved_at is null`
  return row
}

export async function resolveFlags(sql: Db, postId: number, resolution: 'cleared' | 'upheld', by: number | null): Promise<number> {
  const rows = await sql`
    update flags set resolved_at = now(), resolution = ${resolution}, resolved_by = ${by}
    where post_id = ${postId} and resolved_at is null returning id`
  return rows.length
}

export async function markHidden(sql: Db, postId: number, reason: string, wasAccepted: boolean): Promise<void> {
  await sql`update posts set hidden_at = now(), hidden_reason = ${reason}, hidden_was_accepted = ${wasAccepted} where id = ${postId}`
}

export async function markUnhidden(sql: Db, postId: number): Promise<void> {
  await sql`update posts set hidden_at = null, hidden_reason = null, hidden_was_accepted = false where id = ${postId}`
}

export async function listHelpfulVoters(sql: Db, postId: number): Promise<number[]> {
  const rows = await sql<{ userId: number }[]>`select user_id from helpful_votes where post_id = ${postId}`
  return rows.map((r) => r.userId)
}

/** Posts waiting for a staff decision: open flags (hidden by flags or not), and newcomers' held posts. */
export async function countWaiting(sql: Db): Promise<number> {
  const [row] = await sql<[{ n: number }]>`
    select (select count(distinct f.post_id) from flags f join posts p on p.id = f.post_id
            where f.resolved_at is null and ${notDeleted(sql, 'p')})::int
         + (select count(*) from posts p where p.held_at is not null and ${notDeleted(sql, 'p')})::int as n`
  return row.n
}

export interface QueueItem {
  postId: number
  /** Null for a held reply: it is numbered when approved. */
  postNumber: number | null
  /** A newcomer's post waiting for approval, rather than a flagged one. */
  held: boolean
  threadId: number
  threadTitle: string
  threadSlug: string
  html: string
  hiddenAt: Date | null
  hiddenReason: string | null
  authorId: number
  authorUsername: string
  authorRole: string
  authorJoinedAt: Date
  authorSuspendedUntil: Date | null
  authorPosts: number
  authorFlagsUpheld: number
  flagCount: number
  /** When it started waiting: its last flag, or when it was held. */
  waitingSince: Date
  flags: Array<{ username: string; reason: FlagReason; note: string | null; createdAt: Date }>
}

export async function listQueue(sql: Db, order: 'newest' | 'most', limit: number): Promise<QueueItem[]> {
  return sql<QueueItem[]>`
    with open as (
      select f.post_id, count(*)::int as flag_count, max(f.created_at) as last_flagged_at,
             json_agg(json_build_object('username', u.username, 'reason', f.reason, 'note', f.note, 'createdAt', f.created_at)
                      order by f.created_at) as flags
      from flags f join users u on u.id = f.user_id
      where f.resolved_at is null
      group by f.post_id
    ),
    waiting as (
      select o.post_id, o.flag_count, o.last_flagged_at as waiting_since, o.flags, false as held from open o
      union all
      select p.id, 0, p.held_at, '[]'::json, true from posts p where p.held_at is not null and ${notDeleted(sql, 'p')}
    )
    select p.id as post_id, p.post_number, o.held, t.id as thread_id, t.title as thread_title, t.slug as thread_slug, p.html,
           p.hidden_at, p.hidden_reason, a.id as author_id, a.username as author_username, a.role as author_role,
           a.created_at as author_joined_at, a.suspended_until as author_suspended_until,
           (select count(*)::int from posts ap where ap.author_id = a.id and ${notDeleted(sql, 'ap')}) as author_posts,
           (select count(*)::int from flags af join posts fp on fp.id = af.post_id
             where fp.author_id = a.id and af.resolution = 'upheld') as author_flags_upheld,
           o.flag_count, o.waiting_since, o.flags
    from waiting o
    join posts p on p.id = o.post_id and ${notDeleted(sql, 'p')}
    join threads t on t.id = p.thread_id
    join users a on a.id = p.author_id
    order by ${order === 'most' ? sql`o.flag_count desc, o.waiting_since desc` : sql`o.waiting_since desc`}, p.id desc
    limit ${limit}`
}

/** A user as moderation decides about them, locked until the decision commits. */
export async function lockUserForModeration(sql: Db, id: number) {
  const [row] = await sql<
    { id: number; username: string; role: Role }[]
  >`select id, username, role from users where id = ${id} for no key update`
  return row
}

export async function setSuspension(sql: Db, userId: number, until: Date | null, reason: string | null): Promise<void> {
  await sql`update users set suspended_until = ${until}, suspended_reason = ${reason} where id = ${userId}`
}
