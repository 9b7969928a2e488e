import type { Db, Fragment } from '../client'
import type { IdeaStatus, Readability, ThreadKind } from '../types'
import { notMergedAway } from '../visibility'

export interface ThreadRow {
  id: number
  categoryId: number
  authorId: number
  kind: ThreadKind
  title: string
  slug: string
  lockedAt: Date | null
  /** Staff's reason for the lock, shown in the lock notice. */
  lockedReason: string | null
  deletedAt: Date | null
  /** Set while a newcomer's thread waits for staff to approve its opening post. */
  heldAt: Date | null
  lastPostNumber: number
  replyCount: number
  lastPostedAt: Date
  lastPosterId: number | null
  createdAt: Date
  acceptedPostId: number | null
  solvedAt: Date | null
  meTooCount: number
  ideaStatus: IdeaStatus | null
  voteCount: number
  mergedIntoId: number | null
  promotedFromId: number | null
  // Staff thread tools (db/queries/thread-tools.ts).
  pinned: 'category' | 'global' | null
  pinnedAt: Date | null
  duplicateOfId: number | null
  postsMergedAt: Date | null
  /** Its category's readability (db/types.ts). */
  readableBy: Readability
  /** When its category was archived (read-only): read with the row by lockThreadById and findThreadHeader. */
  categoryArchivedAt?: Date | null
}

export type { IdeaStatus }

/** A thread as lists show it, with the names a list needs and its keyset cursor. */
export interface ThreadListItem {
  id: number
  title: string
  slug: string
  kind: ThreadKind
  replyCount: number
  lockedAt: Date | null
  createdAt: Date
  lastPostedAt: Date
  categoryId: number
  categorySlug: string
  categoryName: string
  /** Its category's label colour (`#rrggbb`). */
  categoryColor: string
  authorUsername: string
  authorAvatar: string | null
  lastPosterUsername: string | null
  solved: boolean
  meTooCount: number
  /** Pinned by staff in its category, or everywhere (then also on the home page). */
  pinned: 'category' | 'global' | null
  /** The sort key's exact text (microseconds for times) and the id: where the next page starts. */
  cursor: string
}

export type ThreadSort = 'latest' | 'newest' | 'top'
export type ThreadFilter = 'all' | 'unsolved' | 'solved' | 'unanswered'

export async function insertThread(
  sql: Db,
  thread: {
    categoryId: number
    authorId: number
    kind: ThreadKind
    title: string
    slug: string
    promotedFromId?: number
    held?: boolean
  },
): Promise<ThreadRow> {
  const [row] = await sql<ThreadRow[]>`
    insert into threads (category_id, author_id, kind, title, slug, last_poster_id, idea_status, promoted_from_id, held_at, readable_by)
    values (${thread.categoryId}, ${thread.authorId}, ${thread.kind}, ${thread.title}, ${thread.slug}, ${thread.authorId},
            ${thread.kind === 'idea' ? 'new' : null}, ${thread.promotedFromId ?? null}, ${thread.held ? sql`now()` : null},
            (select readable_by from categories where id = ${thread.categoryId}))
    returning *`
  return row
}

/** A held thread made public: it starts now, as if just written. */
export async function publishHeldThread(sql: Db, id: number): Promise<ThreadRow> {
  const [row] = await sql<ThreadRow[]>`update threads set held_at = null, created_at = now() where id = ${id} returning *`
  return row
}

/**
 * Takes the thread's row lock: post numbers are handed out under it. A
 * "no key" lock, like every writer's row lock here: it excludes the other
 * writers but not a foreign-key check on the row (a notification or index
 * row naming the thread), so those never wait for, or hold up, a writer.
 */
export async function lockThreadById(sql: Db, id: number): Promise<ThreadRow | undefined> {
  const [row] = await sql<ThreadRow[]>`
    select t.*, c.archived_at as category_archived_at from threads t join categories c on c.id = t.category_id
    where t.id = ${id} for no key update of t`
  return row
}

export async function findThreadById(sql: Db, id: number): Promise<ThreadRow | undefined> {
  const [row] = await sql<ThreadRow[]>`select * from threads where id = ${id}`
  return row
}

/** Records a new public post: its number, the time and who, and the reply count. */
export async function touchThread(sql: Db, id: number, post: { postNumber: number; authorId: number; createdAt: Date }) {
  await sql`
    update threads
    set last_post_number = ${post.postNumber},
        reply_count = ${post.postNumber - 1},
        last_posted_at = ${post.createdAt},
        last_poster_id = ${post.authorId}
    where id = ${id}`
}

export async function setThreadLocked(sql: Db, id: number, locked: boolean, reason: string | null = null): Promise<void> {
  await sql`update threads set locked_at = ${locked ? sql`now()` : null}, locked_reason = ${locked ? reason : null} where id = ${id}`
}

const timeText = (sql: Db, column: string) => sql`to_char(${sql.unsafe(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`

/** Each sort's key, its text for cursors, and how a cursor value compares with it. */
const sorts = {
  latest: {
    key: (sql: Db) => sql`t.last_posted_at`,
    text: (sql: Db) => timeText(sql, 't.last_posted_at'),
    value: (sql: Db, v: string) => sql`${v}::timestamp at time zone 'UTC'`,
  },
  newest: {
    key: (sql: Db) => sql`t.created_at`,
    text: (sql: Db) => timeText(sql, 't.created_at'),
    value: (sql: Db, v: string) => sql`${v}::timestamp at time zone 'UTC'`,
  },
  top: {
    key: (sql: Db) => sql`t.me_too_count`,
    text: (sql: Db) => sql`t.me_too_count::text`,
    value: (sql: Db, v: string) => sql`${Number(v)}::int`,
  },
} as const

const listColumns = (sql: Db, sort: ThreadSort) => sql`
  t.id, t.title, t.slug, t.kind, t.reply_count, t.locked_at, t.created_at, t.last_posted_at,
  t.accepted_post_id is not null as solved, t.me_too_count, t.pinned,
  t.category_id, c.slug as category_slug, c.name as category_name, c.color as category_color,
  a.username as author_username, a.avatar as author_avatar, lp.username as last_poster_username,
  ${sorts[sort].text(sql)} || '~' || t.id as cursor`

export interface ThreadCursor {
  key: string
  id: number
}

const filters = {
  all: (sql: Db) => sql``,
  unsolved: (sql: Db) => sql`and t.kind = 'question' and t.accepted_post_id is null`,
  solved: (sql: Db) => sql`and t.accepted_post_id is not null`,
  unanswered: (sql: Db) => sql`and t.kind = 'question' and t.reply_count = 0`,
} as const

/** At most this many pinned threads head a list: pins are a handful, chosen by staff. */
const MAX_PINNED = 20

/**
 * Threads in one order, keyset-paged on (sort key, id); never OFFSET. The
 * newest-first orders go downwards; `oldestFirst` turns them around (the
 * helpers' list of unanswered questions starts with the longest waiting).
 *
 * With `pinnedFirst`, the threads pinned in this list (in the category, or
 * globally for the home page) lead its first page, newest pin first, and the
 * keyset-paged rest leaves them out, so no page repeats them. Both parts are
 * one statement, each read through its own index.
 */
export async function listThreads(
  sql: Db,
  options: {
    categoryId?: number
    before?: ThreadCursor
    limit: number
    visible: Fragment
    sort?: ThreadSort
    filter?: ThreadFilter
    oldestFirst?: boolean
    pinnedFirst?: boolean
  },
): Promise<ThreadListItem[]> {
  const { categoryId, before, limit, visible, sort = 'latest', filter = 'all', oldestFirst = false, pinnedFirst = false } = options
  const key = sorts[sort].key(sql)
  const direction = oldestFirst ? sql`asc` : sql`desc`
  const pinnedHere = categoryId ? sql`t.pinned is not null` : sql`t.pinned = 'global'`
  const notPinnedHere = categoryId ? sql`t.pinned is null` : sql`t.pinned is distinct from 'global'`
  const from = sql`
    from threads t
    join categories c on c.id = t.category_id
    join users a on a.id = t.author_id
    left join users lp on lp.id = t.last_poster_id
    where ${visible} and ${notMergedAway(sql, 't')}
      ${categoryId ? sql`and t.category_id = ${categoryId}` : sql``}
      ${filters[filter](sql)}`
  const rest = sql`
    select ${listColumns(sql, sort)}, 1 as pin_rank, null::timestamptz as pin_key, ${key} as sort_key
    ${from}
      ${pinnedFirst ? sql`and ${notPinnedHere}` : sql``}
      ${before ? (oldestFirst ? sql`and (${key}, t.id) > (${sorts[sort].value(sql, before.key)}, ${before.id})` : sql`and (${key}, t.id) < (${sorts[sort].value(sql, before.key)}, ${before.id})`) : sql``}
    order by ${key} ${direction}, t.id ${direction}
    limit ${limit}`
  const rows =
    pinnedFirst && !before
      ? await sql<Array<ThreadListItem & { pinRank: number; pinKey: Date | null; sortKey: unknown }>>`
          select * from (
            (select ${listColumns(sql, sort)}, 0 as pin_rank, t.pinned_at as pin_key, ${key} as sort_key
             ${from} and ${pinnedHere}
             order by t.pinned_at desc limit ${MAX_PINNED})
            union all
            (${rest})
          ) listed
          order by pin_rank, pin_key desc nulls last, sort_key ${direction}, id ${direction}`
      : await sql<Array<ThreadListItem & { pinRank: number; pinKey: Date | null; sortKey: unknown }>>`${rest}`
  return rows.map(({ pinRank: _rank, pinKey: _key, sortKey: _sort, ...item }) => item)
}

export async function listThreadsByAuthor(sql: Db, authorId: number, limit: number, visible: Fragment) {
  return sql<ThreadListItem[]>`
    select ${listColumns(sql, 'newest')}
    from threads t
    join categories c on c.id = t.category_id
    join users a on a.id = t.author_id
    left join users lp on lp.id = t.last_poster_id
    where t.author_id = ${authorId} and ${visible} and ${notMergedAway(sql, 't')}
    order by t.created_at desc, t.id desc
    limit ${limit}`
}

export interface ThreadHeader extends ThreadRow {
  categorySlug: string
  categoryName: string
  categoryArchivedAt: Date | null
  authorUsername: string
  /** The accepted answer's number, author and text, for the summary under the question. */
  acceptedPostNumber: number | null
  acceptedAuthorUsername: string | null
  acceptedHtml: string | null
  acceptedCreatedAt: Date | null
  acceptedHelpfulCount: number | null
  /** The thread this one was closed as a duplicate of. */
  duplicateOfTitle: string | null
  duplicateOfSlug: string | null
  /** What the page read, for catching up on joining its live room (see readLiveMark). */
  liveMark: string
}

export async function findThreadHeader(sql: Db, id: number): Promise<ThreadHeader | undefined> {
  const [row] = await sql<ThreadHeader[]>`
    select t.*, c.slug as category_slug, c.name as category_name, c.archived_at as category_archived_at, a.username as author_username,
           ap.post_number as accepted_post_number, au.username as accepted_author_username, ap.html as accepted_html,
           ap.created_at as accepted_created_at, ap.helpful_count as accepted_helpful_count,
           d.title as duplicate_of_title, d.slug as duplicate_of_slug,
           pg_current_snapshot()::text as live_mark
    from threads t
    join categories c on c.id = t.category_id
    join users a on a.id = t.author_id
    left join posts ap on ap.id = t.accepted_post_id
    left join users au on au.id = ap.author_id
    left join threads d on d.id = t.duplicate_of_id
    where t.id = ${id}`
  return row
}

/** Takes a thread out of existence for all but staff (a held thread whose opening post staff turned down). */
export async function markThreadDeleted(sql: Db, id: number): Promise<void> {
  await sql`update threads set deleted_at = now() where id = ${id}`
}
