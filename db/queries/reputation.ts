import type { Db } from '../client'
import { inPublicView, notDeleted, notHeld } from '../visibility'

/* Points, badges and what profiles and the leaderboard count. */

export interface ReputationEvent {
  userId: number
  reason: 'answer_accepted' | 'helpful_vote' | 'me_too'
  points: number
  postId?: number | null
  threadId?: number | null
  giverId?: number | null
}

/** Records points once (a unique index refuses a second copy) and adds them to the user. */
export async function insertReputationEvent(sql: Db, event: ReputationEvent): Promise<boolean> {
  const rows = await sql`
    insert into reputation_events (user_id, reason, points, post_id, thread_id, giver_id)
    values (${event.userId}, ${event.reason}, ${event.points}, ${event.postId ?? null}, ${event.threadId ?? null}, ${event.giverId ?? null})
    on conflict do nothing returning 1`
  if (rows.length === 0) return false
  await sql`update users set reputation = reputation + ${event.points} where id = ${event.userId}`
  return true
}

/** Removes the matching points and subtracts them from whoever had them. */
export async function deleteReputationEvents(
  sql: Db,
  match: { reason: ReputationEvent['reason']; postId?: number; threadId?: number; giverId?: number },
): Promise<void> {
  await sql`
    with removed as (
      delete from reputation_events
      where reason = ${match.reason}
        ${match.postId !== undefined ? sql`and post_id = ${match.postId}` : sql``}
        ${match.threadId !== undefined ? sql`and thread_id = ${match.threadId}` : sql``}
        ${match.giverId !== undefined ? sql`and giver_id = ${match.giverId}` : sql``}
      returning user_id, points)
    update users u set reputation = u.reputation - r.total
    from (select user_id, sum(points)::int as total from removed group by user_id) r
    where u.id = r.user_id`
}

export async function insertBadge(sql: Db, userId: number, badge: string): Promise<boolean> {
  const rows = await sql`insert into user_badges (user_id, badge) values (${userId}, ${badge}) on conflict do nothing returning 1`
  return rows.length === 1
}

export async function countAcceptedAnswers(sql: Db, userId: number): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from threads t join posts p on p.id = t.accepted_post_id
    where p.author_id = ${userId} and ${notDeleted(sql, 't')}`
  return row.n
}

export async function countReplies(sql: Db, userId: number): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from posts p where p.author_id = ${userId} and p.post_number > 1 and ${notDeleted(sql, 'p')}`
  return row.n
}

/** Everyone's reputation computed from scratch from the votes and acceptances, by the same point values. */
export async function recomputeReputation(sql: Db, points: { answer_accepted: number; helpful_vote: number; me_too: number }) {
  return sql<{ id: number; stored: number; computed: number }[]>`
    select u.id, u.reputation as stored,
      coalesce((select count(*) from helpful_votes v join posts p on p.id = v.post_id
                join threads t on t.id = p.thread_id
                where p.author_id = u.id and ${inPublicView(sql, 'p')} and ${notDeleted(sql, 't')}), 0)::int * ${points.helpful_vote}
      + coalesce((select count(*) from threads t join posts p on p.id = t.accepted_post_id
                  where p.author_id = u.id and p.author_id <> t.author_id and ${notDeleted(sql, 't')}), 0)::int * ${points.answer_accepted}
      + coalesce((select count(*) from me_toos m join threads t on t.id = m.thread_id
                  where t.author_id = u.id and ${notDeleted(sql, 't')}), 0)::int * ${points.me_too}
      as computed
    from users u
    order by u.id`
}

export interface ProfileStats {
  reputation: number
  answers: number
  acceptedAnswers: number
  questions: number
  badges: Array<{ badge: string; awardedAt: Date }>
}

/** Everything the profile's header shows, in one statement. */
export async function findProfileStats(sql: Db, userId: number): Promise<ProfileStats> {
  const [row] = await sql<ProfileStats[]>`
    select u.reputation,
      (select count(*)::int from posts p join threads t on t.id = p.thread_id
        where p.author_id = u.id and p.post_number > 1 and ${notDeleted(sql, 'p')} and ${notDeleted(sql, 't')} and t.kind = 'question') as answers,
      (select count(*)::int from threads t join posts p on p.id = t.accepted_post_id
        where p.author_id = u.id and ${notDeleted(sql, 't')}) as accepted_answers,
      (select count(*)::int from threads t where t.author_id = u.id and t.kind = 'question' and ${notDeleted(sql, 't')} and ${notHeld(sql, 't')}) as questions,
      coalesce((select json_agg(json_build_object('badge', b.badge, 'awardedAt', b.awarded_at) order by b.awarded_at)
        from user_badges b where b.user_id = u.id), '[]'::json) as badges
    from users u where u.id = ${userId}`
  return { ...row, badges: row.badges.map((b) => ({ badge: b.badge, awardedAt: new Date(b.awardedAt) })) }
}

export interface LeaderboardRow {
  username: string
  role: string
  avatar: string | null
  points: number
  acceptedAnswers: number
}

/** Top helpers by points earned since a moment (all time when null). */
export async function listTopHelpers(sql: Db, since: Date | null, limit: number): Promise<LeaderboardRow[]> {
  return sql<LeaderboardRow[]>`
    select u.username, u.role, u.avatar, sum(e.points)::int as points,
           count(*) filter (where e.reason = 'answer_accepted')::int as accepted_answers
    from reputation_events e join users u on u.id = e.user_id and ${notDeleted(sql, 'u')}
    ${since ? sql`where e.created_at >= ${since}` : sql``}
    group by u.id
    having sum(e.points) > 0
    order by points desc, u.username
    limit ${limit}`
}
