import { z } from 'zod'

import type { Sql } from '../../../db/client'
import { findCategoryBySlug, listCategories } from '../../../db/queries/categories'
import { listFeedPosts, listFeedThreads, listSitemapBlocks, listSitemapThreads } from '../../../db/queries/feeds'
import { findThreadById } from '../../../db/queries/threads'
import { DomainError } from '../errors'
import { can, readableCategories, readablePosts, visibleThreads } from '../policy.server'

/*
 * Sitemaps and feeds: the forum as a visitor reads it, for search engines
 * and feed readers. They are built for a visitor whoever asks, so nothing
 * members-only, staff-only, hidden, held or deleted ever appears in them,
 * and the same document can be kept by any cache.
 */

/** Thread ids per sitemap file; well under the format's 50,000 entries, so each answers quickly. */
export const SITEMAP_BLOCK = 5_000
const FEED_LENGTH = 30

/** A sitemap file's name: `pages.xml` (null), or `threads-N.xml` (N); anything else is not found. */
export const sitemapFileParam = z.union([
  z.literal('pages.xml').transform(() => null),
  z
    .string()
    .regex(/^threads-[1-9]\d{0,6}\.xml$/)
    .transform((name) => Number(name.slice('threads-'.length, -'.xml'.length))),
])

const visitor = null

export async function getSitemapIndex(sql: Sql) {
  const blocks = await listSitemapBlocks(sql, visibleThreads(sql, visitor), SITEMAP_BLOCK)
  return blocks.map(({ block, lastModified }) => ({ page: block + 1, lastModified }))
}

/** One sitemap file of threads; a page past the end is not found. */
export async function getSitemapThreads(sql: Sql, page: number) {
  const threads = await listSitemapThreads(sql, visibleThreads(sql, visitor), page - 1, SITEMAP_BLOCK)
  if (!threads.length) throw new DomainError('not_found')
  return threads
}

/** The pages besides threads that visitors read: the categories they may open. */
export async function getSitemapCategories(sql: Sql) {
  return readableCategories(visitor, await listCategories(sql)).map((c) => ({ slug: c.slug }))
}

/** The newest threads, of one category if a slug is given. */
export async function getThreadsFeed(sql: Sql, categorySlug?: string) {
  let category: Awaited<ReturnType<typeof findCategoryBySlug>>
  if (categorySlug !== undefined) {
    category = await findCategoryBySlug(sql, categorySlug)
    if (!category || !can(visitor, 'category:see', category)) throw new DomainError('not_found')
  }
  const threads = await listFeedThreads(sql, {
    visible: visibleThreads(sql, visitor),
    readable: readablePosts(sql, visitor),
    limit: FEED_LENGTH,
    categoryId: category?.id,
  })
  return { category: category ? { name: category.name, slug: category.slug } : null, threads }
}

/** Ideas as they shipped, newest first. */
export async function getShippedIdeasFeed(sql: Sql) {
  return listFeedThreads(sql, {
    visible: visibleThreads(sql, visitor),
    readable: readablePosts(sql, visitor),
    limit: FEED_LENGTH,
    shipped: true,
  })
}

/** A thread's newest replies, if a visitor may read the thread. */
export async function getThreadFeed(sql: Sql, threadId: number) {
  const thread = await findThreadById(sql, threadId)
  if (!thread || thread.postsMergedAt || !can(visitor, 'thread:see', thread)) throw new DomainError('not_found')
  const posts = await listFeedPosts(sql, threadId, readablePosts(sql, visitor), FEED_LENGTH)
  return { thread: { id: thread.id, slug: thread.slug, title: thread.title, createdAt: thread.createdAt }, posts }
}
