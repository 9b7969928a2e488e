import type { Db } from '../client'

export type MailKind = 'notification' | 'digest' | 'verify_email' | 'email_changed'

export interface MailRow {
  id: number
  kind: MailKind
  userId: number
  toAddress: string | null
  notificationIds: number[]
  emailTokenId: number | null
  createdAt: Date
  sentAt: Date | null
  droppedReason: string | null
}

export async function insertMail(
  sql: Db,
  mail: { kind: MailKind; userId: number; toAddress?: string | null; notificationIds?: number[]; emailTokenId?: number | null },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into mails (kind, user_id, to_address, notification_ids, email_token_id)
    values (${mail.kind}, ${mail.userId}, ${mail.toAddress ?? null}, ${mail.notificationIds ?? []}::bigint[], ${mail.emailTokenId ?? null})
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
