import type { Sql } from '../../../db/client'
import { listRecentActivity } from '../../../db/queries/activity'
import * as categories from '../../../db/queries/categories'
import { findCategoryWatch } from '../../../db/queries/notifications'
import { readLiveMark } from '../../../db/queries/outbox'
import * as threads from '../../../db/queries/threads'
import { ACTIVITY_DAYS } from '../activity/activity.server'
import { DomainError } from '../errors'
import { can, readableCategories, visibleThreads, type Actor } from '../policy.server'

/*
 * The home page and category pages: lists of threads, each in a fixed number
 * of queries whatever the data size.
 */

export const THREADS_PER_PAGE = 30

export async function getHomePage(sql: Sql, actor: Actor) {
  const visible = visibleThreads(sql, actor)
  // The categories first: the lists read after them are at least as new as their live mark.
  const categoryList = await categories.listCategories(sql)
  const liveMark = categoryList[0]?.liveMark ?? (await readLiveMark(sql))
  const [activity, latest, unanswered] = await Promise.all([
    listRecentActivity(sql, ACTIVITY_DAYS),
    // Threads pinned everywhere lead the latest list.
    threads.listThreads(sql, { limit: 20, visible, pinnedFirst: true }),
    // For helpers: questions nobody has replied to yet, the longest waiting first.
    threads.listThreads(sql, { limit: 8, visible, sort: 'newest', filter: 'unanswered', oldestFirst: true }),
  ])
  return {
    categories: readableCategories(actor, categoryList).map(({ liveMark: _mark, ...c }) => ({
      ...c,
      postsThisWeek: activity.get(Number(c.id)) ?? 0,
    })),
    latest,
    unanswered,
    liveMark,
  }
}

/** A cursor from a category link; a garbled one starts from the first page. */
export function parseCursor(value: string | null, sort: threads.ThreadSort = 'latest'): threads.ThreadCursor | undefined {
  if (!value) return undefined
  const pattern = sort === 'top' ? /^(\d{1,9})~(\d{1,15})$/ : /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6})~(\d{1,15})$/
  const match = pattern.exec(value)
  if (!match || (sort !== 'top' && Number.isNaN(Date.parse(match[1] + 'Z')))) return undefined
  return { key: match[1], id: Number(match[2]) }
}

/** The id of a category the actor reads, for its page's forms; anything else is not found. */
export async function findReadableCategoryId(sql: Sql, actor: Actor, slug: string): Promise<number> {
  const category = await categories.findCategoryBySlug(sql, slug)
  if (!category || !can(actor, 'category:see', category)) throw new DomainError('not_found')
  return category.id
}

/**
 * Where a category answering to a former slug (renamed, or merged into
 * another) is now, for a reader who may read it there; null for a slug that
 * never led anywhere or a category they cannot read.
 */
export async function findMovedCategorySlug(sql: Sql, actor: Actor, slug: string): Promise<string | null> {
  const moved = await categories.findCategoryRedirect(sql, slug)
  return moved && can(actor, 'category:see', moved) ? moved.slug : null
}

export async function getCategoryPage(
  sql: Sql,
  actor: Actor,
  slug: string,
  options: { before?: threads.ThreadCursor; sort?: threads.ThreadSort; filter?: threads.ThreadFilter } = {},
) {
  const category = await categories.findCategoryBySlug(sql, slug)
  if (!category || !can(actor, 'category:see', category)) throw new DomainError('not_found')
  // Pins order the category's default view; a chosen sort or filter lists every thread by its own key.
  const pinnedFirst = (options.sort ?? 'latest') === 'latest' && (options.filter ?? 'all') === 'all'
  const [rows, watchLevel] = await Promise.all([
    threads.listThreads(sql, {
      categoryId: category.id,
      before: options.before,
      sort: options.sort,
      filter: options.filter,
      limit: THREADS_PER_PAGE + 1,
      visible: visibleThreads(sql, actor),
      pinnedFirst,
    }),
    actor ? findCategoryWatch(sql, actor.id, category.id) : null,
  ])
  // Pinned threads come on top of a full page; the page and its cursor are the rest's.
  const pinned = pinnedFirst ? rows.filter((t) => t.pinned) : []
  const rest = pinnedFirst ? rows.filter((t) => !t.pinned) : rows
  const more = rest.length > THREADS_PER_PAGE
  const list = rest.slice(0, THREADS_PER_PAGE)
  return {
    category,
    threads: [...pinned, ...list],
    nextCursor: more ? list[list.length - 1].cursor : null,
    canStart: can(actor, 'thread:create', category),
    liveMark: category.liveMark,
    /** How the signed-in reader follows the category; absent for visitors. */
    watch: actor ? { level: watchLevel } : null,
  }
}
