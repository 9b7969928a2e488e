import type { Db } from '../client'
import { inPublicView } from '../visibility'

export interface UploadRow {
  hash: string
  ext: string
  contentType: string
  kind: 'image' | 'file'
  size: number
  width: number | null
  height: number | null
  name: string
  uploadedBy: number | null
  createdAt: Date
  removedAt: Date | null
  removalReason: string | null
}

/** What rendering a post needs to know of each upload it shows. */
export interface UploadFacts {
  hash: string
  kind: 'image' | 'file'
  width: number | null
  height: number | null
  removed: boolean
}

export async function findUpload(sql: Db, hash: string): Promise<UploadRow | null> {
  const [row] = await sql<UploadRow[]>`
    select hash, ext, content_type, kind, size, width, height, name, uploaded_by, created_at, removed_at, removal_reason
    from uploads where hash = ${hash}`
  return row ?? null
}

export async function findUploadFacts(sql: Db, hashes: readonly string[]): Promise<UploadFacts[]> {
  if (!hashes.length) return []
  return sql<UploadFacts[]>`
    select hash, kind, width, height, removed_at is not null as removed
    from uploads where hash = any(${hashes as string[]}::text[])`
}

/**
 * Adds an upload. The same bytes again keep the first row (its name and
 * uploader) but count as new for the clean-up: the row's lock and its fresh
 * date keep a clean-up running now from deleting what was just sent.
 */
export async function insertUpload(
  sql: Db,
  upload: Omit<UploadRow, 'createdAt' | 'removedAt' | 'removalReason' | 'uploadedBy'> & { uploadedBy: number },
): Promise<void> {
  await sql`
    insert into uploads (hash, ext, content_type, kind, size, width, height, name, uploaded_by)
    values (${upload.hash}, ${upload.ext}, ${upload.contentType}, ${upload.kind}, ${upload.size},
            ${upload.width}, ${upload.height}, ${upload.name}, ${upload.uploadedBy})
    on conflict (hash) do update set created_at = now() where uploads.removed_at is null`
}

export async function logUpload(sql: Db, userId: number, hash: string): Promise<void> {
  await sql`insert into upload_log (user_id, hash) values (${userId}, ${hash})`
}

export async function countUploadsSince(sql: Db, userId: number, since: Date): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from upload_log where user_id = ${userId} and created_at > ${since}`
  return row.n
}

/** Marks an upload taken down; false when it was already. */
export async function markRemoved(sql: Db, hash: string, by: number, reason: string | null): Promise<boolean> {
  const rows = await sql`
    update uploads set removed_at = now(), removed_by = ${by}, removal_reason = ${reason}
    where hash = ${hash} and removed_at is null returning hash`
  return rows.length > 0
}

/** Posts showing an upload now or in an earlier revision, with where they are, locked for re-rendering. */
export async function lockPostsReferencing(sql: Db, hash: string) {
  return sql<{ id: number; threadId: number; postNumber: number | null; markdown: string; revision: number; public: boolean }[]>`
    select p.id, p.thread_id, p.post_number, p.markdown, p.revision,
           ${inPublicView(sql, 'p')} as public
    from upload_references r join posts p on p.id = r.source_id
    where r.hash = ${hash} and r.source = 'post'
    order by p.id
    for no key update of p`
}

export async function lockNotesReferencing(sql: Db, hash: string) {
  return sql<{ id: number; ideaId: number; markdown: string }[]>`
    select n.id, n.idea_id, n.markdown
    from upload_references r join idea_notes n on n.id = r.source_id
    where r.hash = ${hash} and r.source = 'note'
    order by n.id
    for no key update of n`
}

/**
 * Locks uploads nothing refers to, last sent before `before`: never posted,
 * or only in text since replaced and never kept as a revision. Taken-down
 * uploads stay, so their bytes are not accepted again.
 */
export async function lockUnreferenced(sql: Db, before: Date, limit: number): Promise<string[]> {
  const rows = await sql<{ hash: string }[]>`
    select u.hash from uploads u
    where u.created_at < ${before} and u.removed_at is null
      and not exists (select 1 from upload_references r where r.hash = u.hash)
    order by u.created_at
    limit ${limit}
    for update skip locked`
  return rows.map((r) => r.hash)
}

export async function deleteUploads(sql: Db, hashes: readonly string[]): Promise<void> {
  await sql`delete from uploads where hash = any(${hashes as string[]}::text[])`
}

export interface UploadListItem extends UploadRow {
  uploader: string | null
  referenceCount: number
}

/** Uploads newest first for staff, with who posted each and how many texts show it. */
export async function listUploads(sql: Db, options: { before?: Date; postId?: number; limit: number }): Promise<UploadListItem[]> {
  return sql<UploadListItem[]>`
    select u.hash, u.ext, u.content_type, u.kind, u.size, u.width, u.height, u.name, u.uploaded_by, u.created_at,
           u.removed_at, u.removal_reason, a.username as uploader,
           (select count(*)::int from upload_references r where r.hash = u.hash) as reference_count
    from uploads u left join users a on a.id = u.uploaded_by
    where true
      ${options.before ? sql`and u.created_at < ${options.before}` : sql``}
      ${options.postId ? sql`and exists (select 1 from upload_references r where r.hash = u.hash and r.source = 'post' and r.source_id = ${options.postId})` : sql``}
    order by u.created_at desc
    limit ${options.limit}`
}

/** Takes an upload off every member wearing it as their avatar; resolves to their ids. */
export async function clearAvatarsShowing(sql: Db, hash: string): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update users set avatar = null where avatar like ${'/uploads/' + hash + '.%'} returning id`
  return rows.map((row) => row.id)
}
