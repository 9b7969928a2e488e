import type { Db, Fragment } from '../client'
import type { Delivery, NotificationKind, NotificationTopic, Role, WatchLevel } from '../types'

/** Unread notifications are counted up to this; the bell shows "99+" beyond. */
export const UNREAD_CAP = 100

/** The unread count of the user whose row is `alias`, up to the cap: what the bell shows. */
export function unreadOf(sql: Db, alias: string) {
  return sql`(
    select count(*)::int from (
      select 1 from notifications n where n.user_id = ${sql(alias)}.id and n.read_at is null limit ${UNREAD_CAP}
    ) capped
  )`
}

export interface NewNotification {
  userId: number
  eventId: number
  kind: NotificationKind
  topic: NotificationTopic
  threadId: number | null
  postId: number | null
  actorId: number | null
  detail: Record<string, string>
  email: Delivery
  /** When what it tells of happened (the event's time), not when the consumer got to it. */
  createdAt: Date
}

/**
 * Writes notifications; one an event already gave its reader is skipped, and
 * so is a reply in a followed thread whose earlier reply the reader has not
 * read yet. Returns those written.
 */
export async function insertNotifications(sql: Db, rows: NewNotification[]): Promise<{ id: number; userId: number; email: Delivery }[]> {
  if (rows.length === 0) return []
  const records = rows.map((r) => ({
    user_id: r.userId,
    event_id: r.eventId,
    kind: r.kind,
    topic: r.topic,
    thread_id: r.threadId,
    post_id: r.postId,
    actor_id: r.actorId,
    detail: r.detail,
    email: r.email,
    created_at: r.createdAt.toISOString(),
  }))
  return sql<{ id: number; userId: number; email: Delivery }[]>`
    insert into notifications (user_id, event_id, kind, topic, thread_id, post_id, actor_id, detail, email, created_at)
    select user_id, event_id, kind, topic, thread_id, post_id, actor_id, detail, email, created_at
    from jsonb_to_recordset(${sql.json(records)}) as r (
      user_id bigint, event_id bigint, kind text, topic text, thread_id bigint, post_id bigint, actor_id bigint, detail jsonb, email text,
      created_at timestamptz
    )
    -- Replies in a thread someone follows collapse while one is unread: it
    -- leads to the first of them, and a busy thread does not fill the bell.
    where not (r.topic = 'replies' and r.kind = 'reply' and exists (
      select 1 from notifications x
      where x.user_id = r.user_id and x.thread_id = r.thread_id and x.read_at is null and x.topic = 'replies' and x.kind = 'reply'
    ))
    on conflict (user_id, event_id) do nothing
    returning id, user_id, email`
}

export async function markEmailed(sql: Db, ids: number[]): Promise<void> {
  if (ids.length) await sql`update notifications set emailed_at = now() where id = any(${ids}::bigint[])`
}

export interface NotificationItem {
  id: number
  kind: NotificationKind
  detail: Record<string, string>
  createdAt: Date
  readAt: Date | null
  threadId: number | null
  threadTitle: string | null
  threadSlug: string | null
  postNumber: number | null
  actorUsername: string | null
}

/**
 * A member's notifications, newest first, keyset-paged by id, with what each
 * links to; only those about threads (`visible`, over `t`) and posts
 * (`readable`, over `p`) the member may still see.
 */
export async function listNotifications(
  sql: Db,
  userId: number,
  options: { before?: number; limit: number; visible: Fragment; readable: Fragment },
): Promise<NotificationItem[]> {
  return sql<NotificationItem[]>`
    select n.id, n.kind, n.detail, n.created_at, n.read_at, n.thread_id,
           t.title as thread_title, t.slug as thread_slug, p.post_number, a.username as actor_username
    from notifications n
    join threads t on t.id = n.thread_id
    left join posts p on p.id = n.post_id
    left join users a on a.id = n.actor_id
    where n.user_id = ${userId} ${options.before ? sql`and n.id < ${options.before}` : sql``}
      and ${options.visible} and (n.post_id is null or ${options.readable})
    order by n.id desc
    limit ${options.limit}`
}

/** Unread counts of several members at once, each up to the bell's cap. */
export async function countUnreadOf(sql: Db, userIds: number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map()
  const rows = await sql<{ userId: number; unread: number }[]>`
    select u.id as user_id, ${unreadOf(sql, 'u')} as unread
    from unnest(${userIds}::bigint[]) as u (id)`
  return new Map(rows.map((r) => [r.userId, r.unread]))
}

/** Marks one notification (or all, with null) read; returns how many changed. */
export async function markRead(sql: Db, userId: number, id: number | null): Promise<number> {
  const rows = await sql`
    update notifications set read_at = now()
    where user_id = ${userId} and read_at is null ${id === null ? sql`` : sql`and id = ${id}`}
    returning 1`
  return rows.length
}

/** Who a notification goes to, with what deciding it needs. */
export interface Recipient {
  id: number
  username: string
  role: Role
  emailVerified: boolean
}

export async function findRecipients(sql: Db, ids: number[]): Promise<Recipient[]> {
  if (ids.length === 0) return []
  return sql<Recipient[]>`
    select id, username, role, email_verified_at is not null as email_verified
    from users where id = any(${ids}::bigint[])`
}

export async function findUserIdsByUsernames(sql: Db, usernames: string[]): Promise<number[]> {
  if (usernames.length === 0) return []
  const rows = await sql<{ id: number }[]>`select id from users where lower(username) = any(${usernames}::text[])`
  return rows.map((r) => r.id)
}

export async function listMeTooPeople(sql: Db, threadId: number): Promise<number[]> {
  const rows = await sql<{ userId: number }[]>`select user_id from me_toos where thread_id = ${threadId}`
  return rows.map((r) => r.userId)
}

// Watching.

/**
 * How each of the thread's interested people follows it: their own choice
 * for the thread, else their choice for its category (a muted category
 * silences its threads). Everyone with either, so the writer knows both
 * who watches the thread and who muted it.
 */
export async function listThreadFollowers(
  sql: Db,
  threadId: number,
  categoryId: number,
): Promise<Map<number, { level: WatchLevel; chosenFor: 'thread' | 'category' }>> {
  const rows = await sql<{ userId: number; level: WatchLevel; chosenFor: 'thread' | 'category' }[]>`
    select coalesce(t.user_id, c.user_id) as user_id, coalesce(t.level, c.level) as level,
           case when t.user_id is null then 'category' else 'thread' end as chosen_for
    from (select user_id, level from thread_watches where thread_id = ${threadId}) t
    full join (select user_id, level from category_watches where category_id = ${categoryId}) c on c.user_id = t.user_id`
  return new Map(rows.map((r) => [r.userId, { level: r.level, chosenFor: r.chosenFor }]))
}

/** People watching a category: told of each new thread in it. */
export async function listCategoryWatchers(sql: Db, categoryId: number): Promise<number[]> {
  const rows = await sql<{ userId: number }[]>`
    select user_id from category_watches where category_id = ${categoryId} and level = 'watching'`
  return rows.map((r) => r.userId)
}

/** Asking or replying watches a thread, unless its reader already chose (a mute stays a mute). */
export async function watchByDefault(sql: Db, userId: number, threadId: number): Promise<void> {
  await sql`insert into thread_watches (user_id, thread_id, level) values (${userId}, ${threadId}, 'watching') on conflict do nothing`
}

export async function setThreadWatch(sql: Db, userId: number, threadId: number, level: WatchLevel | null): Promise<void> {
  if (level === null) await sql`delete from thread_watches where user_id = ${userId} and thread_id = ${threadId}`
  else
    await sql`
      insert into thread_watches (user_id, thread_id, level) values (${userId}, ${threadId}, ${level})
      on conflict (user_id, thread_id) do update set level = excluded.level`
}

export async function setCategoryWatch(sql: Db, userId: number, categoryId: number, level: WatchLevel | null): Promise<void> {
  if (level === null) await sql`delete from category_watches where user_id = ${userId} and category_id = ${categoryId}`
  else
    await sql`
      insert into category_watches (user_id, category_id, level) values (${userId}, ${categoryId}, ${level})
      on conflict (user_id, category_id) do update set level = excluded.level`
}

export async function findCategoryWatch(sql: Db, userId: number, categoryId: number): Promise<WatchLevel | null> {
  const [row] = await sql<{ level: WatchLevel }[]>`
    select level from category_watches where user_id = ${userId} and category_id = ${categoryId}`
  return row?.level ?? null
}

/** The public note of an idea's latest change to `status`: what its customers are told. */
export async function findStatusNote(sql: Db, ideaId: number, status: string): Promise<string | null> {
  const [row] = await sql<{ note: string | null }[]>`
    select note from idea_events where idea_id = ${ideaId} and type = 'status' and to_status = ${status}
    order by id desc limit 1`
  return row?.note ?? null
}
