import type { Db, Fragment } from '../client'
import { notDeleted, onBoard } from '../visibility'
import type { IdeaStatus } from './threads'

export async function lockUser(sql: Db, userId: number): Promise<void> {
  await sql`select 1 from users where id = ${userId} for no key update`
}

export async function countHeldSlots(sql: Db, userId: number): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from vote_slots where user_id = ${userId} and released_at is null`
  return row.n
}

export async function insertIdeaVote(sql: Db, ideaId: number, userId: number): Promise<boolean> {
  const rows = await sql`insert into idea_votes (idea_id, user_id) values (${ideaId}, ${userId}) on conflict do nothing returning 1`
  return rows.length === 1
}

export async function deleteIdeaVote(sql: Db, ideaId: number, userId: number): Promise<boolean> {
  const rows = await sql`delete from idea_votes where idea_id = ${ideaId} and user_id = ${userId} returning 1`
  return rows.length === 1
}

export async function takeSlot(sql: Db, userId: number, ideaId: number): Promise<void> {
  await sql`insert into vote_slots (user_id, idea_id) values (${userId}, ${ideaId})`
}

export async function releaseSlots(sql: Db, match: { ideaId: number; userIds?: number[] }): Promise<void> {
  await sql`
    update vote_slots set released_at = now()
    where idea_id = ${match.ideaId} and released_at is null
      ${match.userIds ? sql`and user_id = any(${match.userIds}::bigint[])` : sql``}`
}

export async function setVoteCount(sql: Db, ideaId: number): Promise<number> {
  const [row] = await sql<{ voteCount: number }[]>`
    update threads set vote_count = (select count(*) from idea_votes where idea_id = ${ideaId})
    where id = ${ideaId} returning vote_count`
  return row.voteCount
}

export async function setIdeaStatus(sql: Db, ideaId: number, status: IdeaStatus): Promise<void> {
  await sql`update threads set idea_status = ${status}, status_changed_at = now() where id = ${ideaId}`
}

export async function insertIdeaEvent(
  sql: Db,
  event: {
    ideaId: number
    actorId: number
    type: string
    fromStatus?: string | null
    toStatus?: string | null
    note?: string | null
    otherThreadId?: number | null
  },
): Promise<void> {
  await sql`
    insert into idea_events (idea_id, actor_id, type, from_status, to_status, note, other_thread_id)
    values (${event.ideaId}, ${event.actorId}, ${event.type}, ${event.fromStatus ?? null}, ${event.toStatus ?? null},
            ${event.note ?? null}, ${event.otherThreadId ?? null})`
}

export async function insertIdeaLink(sql: Db, ideaId: number, threadId: number, userId: number): Promise<boolean> {
  const rows = await sql`
    insert into idea_links (idea_id, thread_id, linked_by) values (${ideaId}, ${threadId}, ${userId})
    on conflict do nothing returning 1`
  return rows.length === 1
}

export async function deleteIdeaLink(sql: Db, ideaId: number, threadId: number): Promise<boolean> {
  const rows = await sql`delete from idea_links where idea_id = ${ideaId} and thread_id = ${threadId} returning 1`
  return rows.length === 1
}

/**
 * Moves B's votes and slots to A, keeping their time. People who voted for
 * both keep their vote on A; their vote on B goes and its slot is freed.
 */
export async function moveVotes(sql: Db, fromId: number, toId: number): Promise<{ moved: number; duplicates: number }> {
  const duplicates = await sql<{ userId: number }[]>`
    delete from idea_votes b using idea_votes a
    where b.idea_id = ${fromId} and a.idea_id = ${toId} and a.user_id = b.user_id
    returning b.user_id`
  if (duplicates.length) await releaseSlots(sql, { ideaId: fromId, userIds: duplicates.map((d) => d.userId) })
  const moved = await sql`update idea_votes set idea_id = ${toId} where idea_id = ${fromId} returning 1`
  await sql`update vote_slots set idea_id = ${toId} where idea_id = ${fromId} and released_at is null`
  return { moved: moved.length, duplicates: duplicates.length }
}

export async function moveLinks(sql: Db, fromId: number, toId: number): Promise<void> {
  await sql`
    insert into idea_links (idea_id, thread_id, linked_by, created_at)
    select ${toId}, thread_id, linked_by, created_at from idea_links where idea_id = ${fromId} and thread_id <> ${toId}
    on conflict do nothing`
  await sql`delete from idea_links where idea_id = ${fromId}`
}

export async function markMerged(sql: Db, fromId: number, toId: number): Promise<void> {
  await sql`update threads set merged_into_id = ${toId}, vote_count = 0 where id = ${fromId}`
}

/**
 * Customers affected, by its one definition: the distinct people with the
 * member role among the idea's voters and author, and the authors and
 * "me too" people of its linked threads (its source among them). One row
 * per idea and person: the board counts these rows, and a status change
 * notifies these people.
 */
export function customersAffectedSql(sql: Db, ideaIds: Fragment) {
  return sql`
    select distinct people.idea_id, people.person
    from (
      select v.idea_id, v.user_id as person from idea_votes v where v.idea_id in (${ideaIds})
      union all
      select t.id, t.author_id from threads t where t.id in (${ideaIds})
      union all
      select l.idea_id, s.author_id from idea_links l join threads s on s.id = l.thread_id
        where l.idea_id in (${ideaIds}) and ${notDeleted(sql, 's')}
      union all
      select l.idea_id, m.user_id from idea_links l join me_toos m on m.thread_id = l.thread_id
        join threads s on s.id = l.thread_id
        where l.idea_id in (${ideaIds}) and ${notDeleted(sql, 's')}
    ) people
    join users u on u.id = people.person and u.role = 'member'`
}

/** How many customers each idea affects: the size of its set. */
function customerCountsSql(sql: Db, ideaIds: Fragment) {
  return sql`select idea_id, count(*)::int as customers from (${customersAffectedSql(sql, ideaIds)}) affected group by idea_id`
}

export async function countCustomersAffected(sql: Db, ideaIds: number[]): Promise<Map<number, number>> {
  if (ideaIds.length === 0) return new Map()
  const rows = (await customerCountsSql(sql, sql`select unnest(${ideaIds}::bigint[])`)) as unknown as {
    ideaId: number
    customers: number
  }[]
  return new Map(rows.map((r) => [r.ideaId, r.customers]))
}

/** The customers an idea affects, as people: whom its status changes are told to. */
export async function listCustomersAffected(sql: Db, ideaId: number): Promise<number[]> {
  const rows = (await customersAffectedSql(sql, sql`select ${ideaId}::bigint`)) as unknown as { person: number }[]
  return rows.map((r) => r.person).sort((a, b) => a - b)
}

export interface IdeaListItem {
  id: number
  title: string
  slug: string
  ideaStatus: IdeaStatus
  voteCount: number
  recentVotes: number
  customers: number
  linkedThreads: number
  replyCount: number
  createdAt: Date
  categorySlug: string
  categoryName: string
  authorUsername: string
}

export type IdeaSort = 'top' | 'trending' | 'newest' | 'customers'

/** The board: ideas with their votes, recent votes, customers affected and links, in one statement. */
export async function listIdeas(
  sql: Db,
  options: {
    statuses?: IdeaStatus[]
    categoryId?: number
    sort: IdeaSort
    limit: number
    offset?: number
    oldestFirst?: boolean
    /** Ideas the reader may see: the policy's visibleThreads over `t`. */
    visible: Fragment
  },
): Promise<IdeaListItem[]> {
  const { statuses, categoryId, sort, limit, offset = 0 } = options
  const order = {
    top: sql`t.vote_count desc, t.id desc`,
    trending: sql`recent_votes desc, t.vote_count desc, t.id desc`,
    newest: options.oldestFirst ? sql`t.created_at asc, t.id asc` : sql`t.created_at desc, t.id desc`,
    customers: sql`customers desc, t.vote_count desc, t.id desc`,
  }[sort]
  const chosen = sql`
    select t.id from threads t
    where t.kind = 'idea' and ${onBoard(sql, 't')} and ${options.visible}
      ${statuses?.length ? sql`and t.idea_status = any(${statuses})` : sql``}
      ${categoryId ? sql`and t.category_id = ${categoryId}` : sql``}`
  return sql<IdeaListItem[]>`
    with customers as (${customerCountsSql(sql, chosen)})
    select t.id, t.title, t.slug, t.idea_status, t.vote_count, t.reply_count, t.created_at,
           c.slug as category_slug, c.name as category_name, a.username as author_username,
           (select count(*)::int from idea_votes v where v.idea_id = t.id and v.created_at > now() - interval '14 days') as recent_votes,
           coalesce(cu.customers, 0) as customers,
           (select count(*)::int from idea_links l where l.idea_id = t.id) as linked_threads
    from threads t
    join categories c on c.id = t.category_id
    join users a on a.id = t.author_id
    left join customers cu on cu.idea_id = t.id
    where t.id in (${chosen})
    order by ${order}
    limit ${limit} offset ${offset}`
}

export interface LinkedThread {
  id: number
  title: string
  slug: string
  kind: string
  authorUsername: string
  meTooCount: number
  isSource: boolean
}

export async function listLinkedThreads(sql: Db, ideaId: number, sourceId: number | null): Promise<LinkedThread[]> {
  return sql<LinkedThread[]>`
    select s.id, s.title, s.slug, s.kind, a.username as author_username, s.me_too_count, s.id = ${sourceId ?? 0} as is_source
    from idea_links l join threads s on s.id = l.thread_id join users a on a.id = s.author_id
    where l.idea_id = ${ideaId} and ${notDeleted(sql, 's')}
    order by l.created_at`
}

export interface TimelineEntry {
  id: number
  type: string
  fromStatus: string | null
  toStatus: string | null
  note: string | null
  actorUsername: string
  otherThreadId: number | null
  otherTitle: string | null
  otherSlug: string | null
  createdAt: Date
}

export async function listIdeaEvents(sql: Db, ideaId: number): Promise<TimelineEntry[]> {
  return sql<TimelineEntry[]>`
    select e.id, e.type, e.from_status, e.to_status, e.note, u.username as actor_username,
           e.other_thread_id, o.title as other_title, o.slug as other_slug, e.created_at
    from idea_events e join users u on u.id = e.actor_id left join threads o on o.id = e.other_thread_id
    where e.idea_id = ${ideaId}
    order by e.created_at, e.id`
}

export async function insertIdeaNote(sql: Db, note: { ideaId: number; authorId: number; markdown: string; html: string }) {
  await sql`insert into idea_notes (idea_id, author_id, markdown, html) values (${note.ideaId}, ${note.authorId}, ${note.markdown}, ${note.html})`
}

export async function listIdeaNotes(sql: Db, ideaId: number) {
  return sql<{ id: number; html: string; authorUsername: string; createdAt: Date }[]>`
    select n.id, n.html, u.username as author_username, n.created_at
    from idea_notes n join users u on u.id = n.author_id where n.idea_id = ${ideaId} order by n.created_at, n.id`
}

export async function findIdeasPromotedFrom(sql: Db, sourceId: number) {
  return sql<{ id: number; title: string; slug: string; ideaStatus: IdeaStatus }[]>`
    select t.id, t.title, t.slug, t.idea_status from threads t where t.promoted_from_id = ${sourceId} and ${notDeleted(sql, 't')} order by t.id`
}

/** Ideas that cite a thread, marking the one it was promoted to. */
export async function findIdeasLinking(sql: Db, threadId: number) {
  return sql<{ id: number; title: string; slug: string; ideaStatus: IdeaStatus; promotedFromHere: boolean }[]>`
    select t.id, t.title, t.slug, t.idea_status, coalesce(t.promoted_from_id = l.thread_id, false) as promoted_from_here from idea_links l join threads t on t.id = l.idea_id
    where l.thread_id = ${threadId} and ${onBoard(sql, 't')} order by t.id`
}

export async function findFirstIdeaCategory(sql: Db) {
  const [row] = await sql<{ id: number; slug: string }[]>`
    select id, slug from categories where 'idea' = any(allowed_kinds) and archived_at is null order by position, id limit 1`
  return row
}

/** Whether a member voted for an idea, and how many budget slots they hold. */
export async function findVoterState(sql: Db, ideaId: number, userId: number) {
  const [row] = await sql<{ voted: boolean; held: number }[]>`
    select exists(select 1 from idea_votes where idea_id = ${ideaId} and user_id = ${userId}) as voted,
           (select count(*)::int from vote_slots where user_id = ${userId} and released_at is null) as held`
  return row
}
