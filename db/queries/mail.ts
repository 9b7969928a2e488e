import type { Db } from '../client'
import type { Delivery, NotificationKind, NotificationTopic, Readability, Role, ThreadKind } from '../types'

export type MailKind =
  'notification' | 'digest' | 'verify_email' | 'email_changed' | 'reset_password' | 'password_changed' | 'export_ready' | 'invitation'

export interface MailRow {
  id: number
  kind: MailKind
  /** The account it is for; null only on an invitation, which goes to someone without one. */
  userId: number | null
  toAddress: string | null
  notificationIds: number[]
  emailTokenId: number | null
  /** The archive an `export_ready` mail links to. */
  exportId: number | null
  /** The invitation an `invitation` mail carries. */
  invitationId: number | null
  createdAt: Date
  sentAt: Date | null
  droppedReason: string | null
}

/** A mail to queue: for an account, or (an invitation) to an address alone. */
export type NewMail =
  | {
      kind: Exclude<MailKind, 'invitation'>
      userId: number
      toAddress?: string | null
      notificationIds?: number[]
      emailTokenId?: number | null
      exportId?: number | null
      invitationId?: undefined
    }
  | {
      kind: 'invitation'
      userId: null
      toAddress: string
      invitationId: number
      notificationIds?: undefined
      emailTokenId?: undefined
      exportId?: undefined
    }

export async function insertMail(sql: Db, mail: NewMail): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into mails (kind, user_id, to_address, notification_ids, email_token_id, export_id, invitation_id)
    values (${mail.kind}, ${mail.userId}, ${mail.toAddress ?? null}, ${mail.notificationIds ?? []}::bigint[], ${mail.emailTokenId ?? null},
            ${mail.exportId ?? null}, ${mail.invitationId ?? null})
    returning id`
  return row.id
}

export async function findMail(sql: Db, id: number): Promise<MailRow | undefined> {
  const [row] = await sql<MailRow[]>`select * from mails where id = ${id}`
  return row
}

export async function markMailSent(sql: Db, id: number): Promise<void> {
  await sql`update mails set sent_at = now() where id = ${id}`
}

export async function markMailDropped(sql: Db, id: number, reason: string): Promise<void> {
  await sql`update mails set dropped_reason = ${reason} where id = ${id}`
}

/** The key links are signed with, made once per database by its migration. */
export async function findForumKey(sql: Db, name: string): Promise<string> {
  const [row] = await sql<{ value: string }[]>`select value from forum_keys where name = ${name}`
  if (!row) throw new Error(`The forum key "${name}" is missing: were the migrations applied?`)
  return row.value
}

/** A member's address and whether they confirmed it; mail about notifications goes only to a confirmed one. */
export async function findMailAddress(
  sql: Db,
  userId: number,
): Promise<{ id: number; username: string; role: Role; email: string; emailVerifiedAt: Date | null } | undefined> {
  const [row] = await sql<{ id: number; username: string; role: Role; email: string; emailVerifiedAt: Date | null }[]>`
    select id, username, role, email, email_verified_at from users where id = ${userId}`
  return row
}

/**
 * A notification with what a mail about it needs, read as things stand now:
 * the post as it is (a merge may have moved it to another thread), its
 * thread and category, the member's current choice for its topic (null: the
 * default), and who acted.
 */
export interface NotificationForMail {
  id: number
  userId: number
  kind: NotificationKind
  topic: NotificationTopic
  /** What the writer kept for the reader: `status` and `note` of an idea's change, `reason` of a hidden post. */
  detail: Record<string, string>
  createdAt: Date
  actorUsername: string | null
  chosenDelivery: Delivery | null
  thread: {
    id: number
    slug: string
    title: string
    kind: ThreadKind
    authorId: number
    lockedAt: Date | null
    deletedAt: Date | null
    heldAt: Date | null
    mergedIntoId: number | null
    readableBy: Readability
  } | null
  post: {
    id: number
    postNumber: number | null
    authorId: number
    html: string
    hiddenAt: Date | null
    heldAt: Date | null
    deletedAt: Date | null
  } | null
}

export async function listNotificationsForMail(sql: Db, ids: number[]): Promise<NotificationForMail[]> {
  if (!ids.length) return []
  return sql<NotificationForMail[]>`
    select n.id, n.user_id, n.kind, n.topic, n.detail, n.created_at,
           a.username as actor_username,
           s.delivery as chosen_delivery,
           case when t.id is null then null else json_build_object(
             'id', t.id, 'slug', t.slug, 'title', t.title, 'kind', t.kind, 'authorId', t.author_id,
             'lockedAt', t.locked_at, 'deletedAt', t.deleted_at, 'heldAt', t.held_at,
             'mergedIntoId', t.merged_into_id, 'readableBy', c.readable_by) end as thread,
           case when p.id is null then null else json_build_object(
             'id', p.id, 'postNumber', p.post_number, 'authorId', p.author_id, 'html', p.html,
             'hiddenAt', p.hidden_at, 'heldAt', p.held_at, 'deletedAt', p.deleted_at) end as post
    from notifications n
    left join posts p on p.id = n.post_id
    left join threads t on t.id = coalesce(p.thread_id, n.thread_id)
    left join categories c on c.id = t.category_id
    left join users a on a.id = n.actor_id
    left join notification_settings s on s.user_id = n.user_id and s.topic = n.topic
    where n.id = any(${ids}::bigint[])
    order by n.id`.then((rows) =>
    // json_build_object leaves timestamps as text.
    rows.map((row) => ({
      ...row,
      thread: row.thread && {
        ...row.thread,
        lockedAt: toDate(row.thread.lockedAt),
        deletedAt: toDate(row.thread.deletedAt),
        heldAt: toDate(row.thread.heldAt),
      },
      post: row.post && {
        ...row.post,
        hiddenAt: toDate(row.post.hiddenAt),
        heldAt: toDate(row.post.heldAt),
        deletedAt: toDate(row.post.deletedAt),
      },
    })),
  )
}

const toDate = (value: Date | string | null) => (value === null ? null : new Date(value))

/**
 * Members whose daily digest is due at `now`: their last one went 24 hours
 * before or never, and digest notifications wait. Their rows are locked for
 * the caller's transaction, and rows another run holds are passed over, so
 * two runs at once never queue the same member's digest twice.
 */
export async function claimDueDigests(sql: Db, now: Date, limit: number): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select u.id from users u
    where (u.digest_sent_at is null or u.digest_sent_at <= ${now}::timestamptz - interval '24 hours')
      and exists (
        select 1 from notifications n
        where n.user_id = u.id and n.email = 'digest' and n.emailed_at is null and n.read_at is null)
    order by u.id
    limit ${limit}
    for update of u skip locked`
  return rows.map((row) => row.id)
}

/** Takes a member's waiting digest notifications for a digest: marks them emailed and returns their ids. */
export async function takeDigestNotifications(sql: Db, userId: number, now: Date): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update notifications set emailed_at = ${now}
    where user_id = ${userId} and email = 'digest' and emailed_at is null and read_at is null
    returning id`
  return rows.map((row) => row.id).sort((a, b) => a - b)
}

export async function markDigestSent(sql: Db, userId: number, now: Date): Promise<void> {
  await sql`update users set digest_sent_at = ${now} where id = ${userId}`
}
