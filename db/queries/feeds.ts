import type { Db, Fragment } from '../client'
import { notMergedAway } from '../visibility'

/*
 * What sitemaps and feeds list: threads and posts a visitor reads, in pages
 * whatever the forum's size. `visible` and `readable` are the policy's
 * predicates for a visitor (threads `t`, posts `p`).
 */

export interface FeedThread {
  id: number
  slug: string
  title: string
  createdAt: Date
  lastPostedAt: Date
  statusChangedAt: Date | null
  authorUsername: string
  categoryName: string
  /** The opening post, if the visitor may read it. */
  html: string | null
}

/** The newest threads (of a category), or ideas as they shipped, newest first. */
export async function listFeedThreads(
  sql: Db,
  options: { visible: Fragment; readable: Fragment; limit: number; categoryId?: number; shipped?: boolean },
): Promise<FeedThread[]> {
  const { visible, readable, limit, categoryId, shipped } = options
  return sql<FeedThread[]>`
    select t.id, t.slug, t.title, t.created_at, t.last_posted_at, t.status_changed_at,
           a.username as author_username, c.name as category_name, p.html
    from threads t
    join categories c on c.id = t.category_id
    join users a on a.id = t.author_id
    left join posts p on p.thread_id = t.id and p.post_number = 1 and ${readable}
    where ${visible} and ${notMergedAway(sql, 't')}
      ${categoryId ? sql`and t.category_id = ${categoryId}` : sql``}
      ${shipped ? sql`and t.kind = 'idea' and t.idea_status = 'shipped'` : sql``}
    order by ${shipped ? sql`t.status_changed_at desc nulls last,` : sql``} t.id desc
    limit ${limit}`
}

export interface FeedPost {
  postNumber: number
  html: string
  createdAt: Date
  editedAt: Date | null
  authorUsername: string
}

/** A thread's newest readable replies, newest first. */
export async function listFeedPosts(sql: Db, threadId: number, readable: Fragment, limit: number): Promise<FeedPost[]> {
  return sql<FeedPost[]>`
    select p.post_number, p.html, p.created_at, p.edited_at, a.username as author_username
    from posts p join users a on a.id = p.author_id
    where p.thread_id = ${threadId} and p.post_number > 1 and ${readable}
    order by p.post_number desc
    limit ${limit}`
}

/**
 * Sitemap pages: threads by blocks of ids, each with its newest activity.
 * Each block's newest is found by walking the latest-activity index until a
 * thread of the block turns up, not by reading every thread.
 */
export async function listSitemapBlocks(sql: Db, visible: Fragment, size: number): Promise<{ block: number; lastModified: Date }[]> {
  return sql<{ block: number; lastModified: Date }[]>`
    select b.block, l.last_modified
    from generate_series(0, ((select max(id) from threads) - 1) / ${size}) b(block)
    cross join lateral (
      select t.last_posted_at as last_modified from threads t
      where t.id > b.block * ${size} and t.id <= (b.block + 1) * ${size} and ${visible} and ${notMergedAway(sql, 't')}
      order by t.last_posted_at desc, t.id desc
      limit 1
    ) l
    order by b.block`
}

/** The threads of one sitemap block, by id; times as ISO 8601 text, ready to print. */
export async function listSitemapThreads(
  sql: Db,
  visible: Fragment,
  block: number,
  size: number,
): Promise<{ id: number; slug: string; lastPostedAt: string }[]> {
  return sql<{ id: number; slug: string; lastPostedAt: string }[]>`
    select t.id, t.slug, to_char(t.last_posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_posted_at
    from threads t
    where t.id > ${block * size} and t.id <= ${(block + 1) * size} and ${visible} and ${notMergedAway(sql, 't')}
    order by t.id`
}
