import type { Db } from '../client'

/* Archives of a member's data, built in the background and kept for a while to download. */

export interface ArchiveRow {
  id: number
  userId: number
  requestedAt: Date
  readyAt: Date | null
  expiresAt: Date | null
  size: number | null
}

const columns = (sql: Db) => sql`id, user_id, requested_at, ready_at, expires_at, size`

export async function insertArchive(sql: Db, userId: number): Promise<ArchiveRow> {
  const [row] = await sql<ArchiveRow[]>`insert into account_exports (user_id) values (${userId}) returning ${columns(sql)}`
  return row
}

/** The member's newest archive that is on its way or still downloadable. */
export async function findCurrentArchive(sql: Db, userId: number, now: Date): Promise<ArchiveRow | undefined> {
  const [row] = await sql<ArchiveRow[]>`
    select ${columns(sql)} from account_exports
    where user_id = ${userId} and (ready_at is null or expires_at > ${now})
    order by requested_at desc limit 1`
  return row
}

export async function lockArchive(sql: Db, id: number): Promise<ArchiveRow | undefined> {
  const [row] = await sql<ArchiveRow[]>`select ${columns(sql)} from account_exports where id = ${id} for update`
  return row
}

export async function storeArchive(sql: Db, id: number, archive: Buffer, expiresAt: Date): Promise<void> {
  await sql`
    update account_exports set archive = ${archive}, size = ${archive.length}, ready_at = now(), expires_at = ${expiresAt}
    where id = ${id}`
}

/** The archive's bytes, only to its own member and only while it lasts. */
export async function findArchiveBytes(sql: Db, id: number, userId: number, now: Date) {
  const [row] = await sql<{ archive: Buffer; readyAt: Date }[]>`
    select archive, ready_at from account_exports
    where id = ${id} and user_id = ${userId} and archive is not null and expires_at > ${now}`
  return row
}

export async function deleteExpiredArchives(sql: Db, now: Date): Promise<number> {
  const rows = await sql`delete from account_exports where expires_at <= ${now} returning id`
  return rows.length
}

export async function findArchiveSummary(sql: Db, id: number): Promise<ArchiveRow | undefined> {
  const [row] = await sql<ArchiveRow[]>`select ${columns(sql)} from account_exports where id = ${id}`
  return row
}
