import type { Db } from '../client'

/* Single-use links sent by email: one row per link, spent when used or when a newer one replaces it. */

export type EmailTokenPurpose = 'verify_email' | 'reset_password'

export interface EmailTokenRow {
  id: number
  userId: number
  email: string
  purpose: EmailTokenPurpose
  expiresAt: Date
  usedAt: Date | null
  createdAt: Date
}

export async function insertEmailToken(
  sql: Db,
  token: { userId: number; email: string; purpose: EmailTokenPurpose; lifetimeSeconds: number },
): Promise<EmailTokenRow> {
  const [row] = await sql<EmailTokenRow[]>`
    insert into email_tokens (user_id, email, purpose, expires_at)
    values (${token.userId}, ${token.email}, ${token.purpose}, now() + make_interval(secs => ${token.lifetimeSeconds}))
    returning *`
  return row
}

export async function findEmailToken(sql: Db, id: number): Promise<EmailTokenRow | undefined> {
  const [row] = await sql<EmailTokenRow[]>`select * from email_tokens where id = ${id}`
  return row
}

/** The row locked until the caller's transaction ends: two clicks on one link take turns. */
export async function lockEmailToken(sql: Db, id: number): Promise<EmailTokenRow | undefined> {
  const [row] = await sql<EmailTokenRow[]>`select * from email_tokens where id = ${id} for update`
  return row
}

/** The user's most recent link for a purpose, used or not. */
export async function findLatestEmailToken(sql: Db, userId: number, purpose: EmailTokenPurpose): Promise<EmailTokenRow | undefined> {
  const [row] = await sql<EmailTokenRow[]>`
    select * from email_tokens where user_id = ${userId} and purpose = ${purpose} order by id desc limit 1`
  return row
}

export async function newerEmailTokenExists(sql: Db, token: { id: number; userId: number; purpose: EmailTokenPurpose }): Promise<boolean> {
  const [row] = await sql<{ exists: boolean }[]>`
    select exists (select 1 from email_tokens where user_id = ${token.userId} and purpose = ${token.purpose} and id > ${token.id})`
  return row.exists
}

export async function markEmailTokenUsed(sql: Db, id: number): Promise<void> {
  await sql`update email_tokens set used_at = now() where id = ${id} and used_at is null`
}

/** Spends every other unused link of the user for this purpose. */
export async function spendOtherEmailTokens(sql: Db, token: { id: number; userId: number; purpose: EmailTokenPurpose }): Promise<void> {
  await sql`
    update email_tokens set used_at = now()
    where user_id = ${token.userId} and purpose = ${token.purpose} and id <> ${token.id} and used_at is null`
}
