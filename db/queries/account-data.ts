import type { Db } from '../client'
import { inPublicView, notDeleted } from '../visibility'

/*
 * A member's own data: the profile fields, what the export gathers, and
 * what deleting the account erases. Each reads or writes only rows that
 * belong to the one member named.
 */

export async function updateProfile(sql: Db, userId: number, profile: { displayName: string | null; bio: string | null }) {
  await sql`update users u set display_name = ${profile.displayName}, bio = ${profile.bio} where u.id = ${userId} and ${notDeleted(sql, 'u')}`
}

export async function findProfileFields(sql: Db, userId: number) {
  const [row] = await sql<{ displayName: string | null; bio: string | null; avatar: string | null }[]>`
    select display_name, bio, avatar from users u where u.id = ${userId} and ${notDeleted(sql, 'u')}`
  return row
}

/* The export: everything below is the member's own, read as it is stored. */

/** Sets (or, with null, clears) the member's avatar: an upload's address. */
export async function updateAvatar(sql: Db, userId: number, avatar: string | null) {
  await sql`update users u set avatar = ${avatar} where u.id = ${userId} and ${notDeleted(sql, 'u')}`
}

export async function findAccountForExport(sql: Db, userId: number) {
  const [row] = await sql<
    {
      username: string
      email: string
      displayName: string | null
      bio: string | null
      avatar: string | null
      role: string
      reputation: number
      createdAt: Date
      emailVerifiedAt: Date | null
      trustedAt: Date | null
    }[]
  >`
    select username, email, display_name, bio, avatar, role, reputation, created_at, email_verified_at, trusted_at
    from users u where u.id = ${userId} and ${notDeleted(sql, 'u')}`
  return row
}

export function listOwnThreads(sql: Db, userId: number) {
  return sql<{ id: number; title: string; kind: string; slug: string; createdAt: Date; deletedAt: Date | null }[]>`
    select id, title, kind, slug, created_at, deleted_at from threads where author_id = ${userId} order by id`
}

export function listOwnPosts(sql: Db, userId: number) {
  return sql<
    {
      id: number
      threadId: number
      postNumber: number | null
      markdown: string
      createdAt: Date
      editedAt: Date | null
      deletedAt: Date | null
    }[]
  >`
    select id, thread_id, post_number, markdown, created_at, edited_at, deleted_at from posts where author_id = ${userId} order by id`
}

export function listOwnHelpfulVotes(sql: Db, userId: number) {
  return sql<
    { postId: number; createdAt: Date }[]
  >`select post_id, created_at from helpful_votes where user_id = ${userId} order by created_at`
}

export function listOwnIdeaVotes(sql: Db, userId: number) {
  return sql<
    { ideaId: number; createdAt: Date }[]
  >`select idea_id, created_at from idea_votes where user_id = ${userId} order by created_at`
}

export function listOwnMeToos(sql: Db, userId: number) {
  return sql<
    { threadId: number; createdAt: Date }[]
  >`select thread_id, created_at from me_toos where user_id = ${userId} order by created_at`
}

export function listOwnNotificationSettings(sql: Db, userId: number) {
  return sql<
    { topic: string; delivery: string }[]
  >`select topic, delivery from notification_settings where user_id = ${userId} order by topic`
}

export function listOwnThreadWatches(sql: Db, userId: number) {
  return sql<{ threadId: number; level: string; createdAt: Date }[]>`
    select thread_id, level, created_at from thread_watches where user_id = ${userId} order by created_at`
}

export function listOwnCategoryWatches(sql: Db, userId: number) {
  return sql<{ categoryId: number; level: string; createdAt: Date }[]>`
    select category_id, level, created_at from category_watches where user_id = ${userId} order by created_at`
}

export function listOwnSearches(sql: Db, userId: number) {
  return sql<{ query: string; filters: Record<string, unknown>; searchedAt: Date }[]>`
    select query, filters, searched_at from search_log where user_id = ${userId} order by searched_at`
}

export function listOwnUploads(sql: Db, userId: number) {
  return sql<{ hash: string; ext: string; name: string; size: number; createdAt: Date; removedAt: Date | null }[]>`
    select hash, ext, name, size, created_at, removed_at from uploads where uploaded_by = ${userId} order by created_at`
}

/* Deleting an account. */

/** Admins still able to sign in, locked so two admins cannot leave the forum with none by deleting at once. */
export async function lockActiveAdmins(sql: Db): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select u.id from users u where u.role = 'admin' and ${notDeleted(sql, 'u')} order by u.id for update`
  return rows.map((r) => r.id)
}

/** The member's posts still shown, locked for their text to be replaced. */
export function lockOwnPosts(sql: Db, userId: number) {
  return sql<{ id: number; threadId: number; postNumber: number | null; revision: number; public: boolean }[]>`
    select p.id, p.thread_id, p.post_number, p.revision, ${inPublicView(sql, 'p')} as public
    from posts p where p.author_id = ${userId} order by p.id for no key update`
}

/** Replaces posts' text (and drops their earlier texts and the uploads those showed). */
export async function replacePostTexts(sql: Db, postIds: readonly number[], markdown: string, html: string) {
  if (!postIds.length) return
  const ids = postIds as number[]
  await sql`delete from post_revisions where post_id = any(${ids}::bigint[])`
  await sql`update posts set markdown = ${markdown}, html = ${html}, revision = revision + 1 where id = any(${ids}::bigint[])`
  await sql`delete from upload_references where source = 'post' and source_id = any(${ids}::bigint[])`
}

/** The member's uploads nothing refers to any more, locked for deletion. */
export async function lockOwnUnreferencedUploads(sql: Db, userId: number): Promise<string[]> {
  const rows = await sql<{ hash: string }[]>`
    select u.hash from uploads u
    where u.uploaded_by = ${userId} and not exists (select 1 from upload_references r where r.hash = u.hash)
    for update`
  return rows.map((r) => r.hash)
}

/**
 * Erases what names the member or belongs only to them, and leaves the row
 * as an anonymous tombstone. (Audit entries naming them are rewritten by
 * the caller: see listAuditMentioning.)
 */
export async function eraseAccount(sql: Db, user: { id: number }) {
  const { id } = user
  await sql`delete from sessions where user_id = ${id}`
  await sql`delete from notification_settings where user_id = ${id}`
  await sql`delete from notifications where user_id = ${id}`
  await sql`delete from thread_watches where user_id = ${id}`
  await sql`delete from category_watches where user_id = ${id}`
  await sql`delete from mails where user_id = ${id}`
  await sql`delete from email_tokens where user_id = ${id}`
  await sql`delete from search_log where user_id = ${id}`
  await sql`delete from sign_in_addresses where user_id = ${id}`
  await sql`delete from upload_log where user_id = ${id}`
  // An invitation names the address it went to.
  await sql`delete from invitations where used_by = ${id} or lower(email) = (select lower(email) from users where id = ${id})`
  await sql`
    update users set
      username = ${'~deleted-' + id}, email = null, password_hash = null, display_name = null, bio = null, avatar = null,
      email_verified_at = null, digest_sent_at = null, suspended_reason = null, deleted_at = now()
    where id = ${id}`
}

/** Audit entries whose details or reason hold any of these texts, at any depth. */
export function listAuditMentioning(sql: Db, texts: readonly string[]) {
  const patterns = texts.map((text) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  return sql<{ id: number; detail: unknown; reason: string | null }[]>`
    select id, detail, reason from audit_log
    where detail::text ilike any(${patterns}::text[]) or reason ilike any(${patterns}::text[])
    for update`
}

export async function updateAuditEntry(sql: Db, id: number, detail: unknown, reason: string | null) {
  await sql`update audit_log set detail = ${sql.json(detail as Parameters<typeof sql.json>[0])}, reason = ${reason} where id = ${id}`
}
