import type { Db, Fragment } from '../client'
import type { Role } from '../types'
import { notDeleted } from '../visibility'

export interface PostRow {
  id: number
  threadId: number
  /** Null while a newcomer's reply is held: numbers are given when a post becomes public. */
  postNumber: number | null
  authorId: number
  markdown: string
  html: string
  createdAt: Date
  editedAt: Date | null
  revision: number
  hiddenAt: Date | null
  /** Set while the post waits for staff to approve a newcomer's post. */
  heldAt: Date | null
  /** Whether it was the accepted answer when hidden: approving it restores that. */
  hiddenWasAccepted: boolean
  deletedAt: Date | null
  helpfulCount: number
}

/** A post as the thread page shows it; `html` is null where the viewer may not read it. */
export interface PostView {
  id: number
  postNumber: number
  authorId: number
  authorUsername: string
  authorRole: Role
  authorAvatar: string | null
  html: string | null
  createdAt: Date
  editedAt: Date | null
  hiddenAt: Date | null
  hiddenReason: string | null
  heldAt: Date | null
  deletedAt: Date | null
  helpfulCount: number
}

/** A post; `held` ones wait for staff, and a held reply has no number yet (null). */
export async function insertPost(
  sql: Db,
  post: { threadId: number; postNumber: number | null; authorId: number; markdown: string; html: string; held?: boolean },
): Promise<PostRow> {
  const [row] = await sql<PostRow[]>`
    insert into posts (thread_id, post_number, author_id, markdown, html, held_at)
    values (${post.threadId}, ${post.postNumber}, ${post.authorId}, ${post.markdown}, ${post.html}, ${post.held ? sql`now()` : null})
    returning *`
  return row
}

/** A held post made public with its number; its time becomes the time readers first see it. */
export async function publishHeldPost(sql: Db, id: number, postNumber: number): Promise<PostRow> {
  const [row] = await sql<PostRow[]>`
    update posts set post_number = ${postNumber}, held_at = null, created_at = now() where id = ${id} returning *`
  return row
}

export async function lockPostById(sql: Db, id: number): Promise<PostRow | undefined> {
  const [row] = await sql<PostRow[]>`select * from posts where id = ${id} for no key update`
  return row
}

export async function findPostById(sql: Db, id: number): Promise<PostRow | undefined> {
  const [row] = await sql<PostRow[]>`select * from posts where id = ${id}`
  return row
}

export async function findPostByNumber(sql: Db, threadId: number, postNumber: number): Promise<PostRow | undefined> {
  const [row] = await sql<PostRow[]>`select * from posts where thread_id = ${threadId} and post_number = ${postNumber}`
  return row
}

/** A held reply: no number until approved. */
export type HeldPostView = Omit<PostView, 'postNumber'> & { postNumber: null }

/** Posts numbered from..to of one thread, oldest first. */
export async function listPostsInRange(
  sql: Db,
  options: { threadId: number; from: number; to: number; readable: Fragment },
): Promise<PostView[]>
/**
 * With `held`, also the thread's held replies the reader may read (their
 * own; staff: all), after the numbered ones, in the same statement.
 */
export async function listPostsInRange(
  sql: Db,
  options: { threadId: number; from: number; to: number; readable: Fragment; held: boolean },
): Promise<Array<PostView | HeldPostView>>
export async function listPostsInRange(
  sql: Db,
  options: { threadId: number; from: number; to: number; readable: Fragment; held?: boolean },
): Promise<Array<PostView | HeldPostView>> {
  const { threadId, from, to, readable, held = false } = options
  return sql<Array<PostView | HeldPostView>>`
    select p.id, p.post_number, p.author_id, u.username as author_username, u.role as author_role, u.avatar as author_avatar,
           case when ${readable} then p.html end as html,
           p.created_at, p.edited_at, p.hidden_at, p.hidden_reason, p.held_at, p.deleted_at, p.helpful_count
    from posts p
    join users u on u.id = p.author_id
    where p.thread_id = ${threadId}
      and (p.post_number between ${from} and ${to}
           ${held ? sql`or (p.post_number is null and p.held_at is not null and ${readable})` : sql``})
    order by p.post_number nulls last, p.created_at, p.id`
}

export interface HelpfulCursor {
  count: number
  postNumber: number
}

/**
 * Replies ordered by helpful votes (then oldest first), keyset-paged on
 * (helpful_count, post_number); the opening post and the accepted answer are
 * shown above, so both are left out here.
 */
export async function listPostsByHelpful(
  sql: Db,
  options: { threadId: number; excludeId: number | null; after?: HelpfulCursor; limit: number; readable: Fragment },
): Promise<PostView[]> {
  const { threadId, excludeId, after, limit, readable } = options
  return sql<PostView[]>`
    select p.id, p.post_number, p.author_id, u.username as author_username, u.role as author_role, u.avatar as author_avatar,
           case when ${readable} then p.html end as html,
           p.created_at, p.edited_at, p.hidden_at, p.hidden_reason, p.held_at, p.deleted_at, p.helpful_count
    from posts p
    join users u on u.id = p.author_id
    where p.thread_id = ${threadId} and p.post_number > 1 and ${notDeleted(sql, 'p')}
      ${excludeId ? sql`and p.id <> ${excludeId}` : sql``}
      ${after ? sql`and (p.helpful_count, -p.post_number) < (${after.count}, ${-after.postNumber})` : sql``}
    order by p.helpful_count desc, p.post_number
    limit ${limit}`
}

export async function updatePostText(sql: Db, id: number, text: { markdown: string; html: string }): Promise<PostRow> {
  const [row] = await sql<PostRow[]>`
    update posts set markdown = ${text.markdown}, html = ${text.html}, edited_at = now(), revision = revision + 1
    where id = ${id}
    returning *`
  return row
}

export async function insertRevision(
  sql: Db,
  revision: { postId: number; revision: number; markdown: string; editorId: number },
): Promise<void> {
  await sql`
    insert into post_revisions (post_id, revision, markdown, editor_id)
    values (${revision.postId}, ${revision.revision}, ${revision.markdown}, ${revision.editorId})`
}

export interface RecentPost {
  id: number
  /** Null for the author's own held reply. */
  postNumber: number | null
  threadId: number
  threadTitle: string
  threadSlug: string
  html: string
  createdAt: Date
}

export async function listRecentPostsByAuthor(
  sql: Db,
  options: { authorId: number; limit: number; readable: Fragment; visible: Fragment },
): Promise<RecentPost[]> {
  const { authorId, limit, readable, visible } = options
  return sql<RecentPost[]>`
    select p.id, p.post_number, p.thread_id, t.title as thread_title, t.slug as thread_slug, p.html, p.created_at
    from posts p join threads t on t.id = p.thread_id
    where p.author_id = ${authorId} and ${readable} and ${visible}
    order by p.created_at desc, p.id desc
    limit ${limit}`
}

export async function markPostDeleted(sql: Db, id: number): Promise<void> {
  await sql`update posts set deleted_at = now() where id = ${id}`
}

/** The posts numbered above `after`, oldest first: what a reader who saw post `after` missed. */
export async function listPostNumbersAfter(
  sql: Db,
  threadId: number,
  after: number,
  limit: number,
): Promise<Array<{ postId: number; postNumber: number }>> {
  return sql<Array<{ postId: number; postNumber: number }>>`
    select id as post_id, post_number from posts
    where thread_id = ${threadId} and post_number > ${after}
    order by post_number
    limit ${limit}`
}

/* Edit history: post_revisions holds each earlier text, and who replaced it when. */

export interface RevisionRow {
  revision: number
  markdown: string
  editorUsername: string
  /** When this text was replaced by the next revision. */
  createdAt: Date
}

export async function listRevisions(sql: Db, postId: number): Promise<RevisionRow[]> {
  return sql<RevisionRow[]>`
    select r.revision, r.markdown, u.username as editor_username, r.created_at
    from post_revisions r join users u on u.id = r.editor_id
    where r.post_id = ${postId}
    order by r.revision`
}

export async function findPostWithAuthor(sql: Db, id: number): Promise<(PostRow & { authorUsername: string }) | undefined> {
  const [row] = await sql<(PostRow & { authorUsername: string })[]>`
    select p.*, u.username as author_username from posts p join users u on u.id = p.author_id where p.id = ${id}`
  return row
}
