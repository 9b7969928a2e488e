import type { Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import * as posts from '../../../db/queries/posts'
import * as threads from '../../../db/queries/threads'
import * as users from '../../../db/queries/users'
import { POSTS_PER_PAGE, pageOfPost } from '../../lib/urls'
import { DomainError } from '../errors'
import { can, decide, isStaff, readablePosts, visibleThreads, type Actor } from '../policy.server'

/*
 * Read models for the public pages. Each asks for exactly what its page
 * shows in a fixed number of queries, whatever the data size.
 */

export const THREADS_PER_PAGE = 30

export async function getHomePage(sql: Sql, actor: Actor) {
  const [categoryList, latest] = await Promise.all([
    categories.listCategories(sql),
    threads.listThreads(sql, { limit: 20, visible: visibleThreads(sql, actor) }),
  ])
  return { categories: categoryList, latest }
}

/** Parses a `before` cursor from a URL; a malformed one is a 404 like any bad URL. */
export function parseCursor(value: string | null): threads.ThreadCursor | undefined {
  if (!value) return undefined
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6})~(\d{1,15})$/.exec(value)
  if (!match || Number.isNaN(Date.parse(match[1] + 'Z'))) throw new DomainError('not_found')
  return { at: match[1], id: Number(match[2]) }
}

export async function getCategoryPage(sql: Sql, actor: Actor, slug: string, before?: threads.ThreadCursor) {
  const category = await categories.findCategoryBySlug(sql, slug)
  if (!category) throw new DomainError('not_found')
  const rows = await threads.listThreads(sql, {
    categoryId: category.id,
    before,
    limit: THREADS_PER_PAGE + 1,
    visible: visibleThreads(sql, actor),
  })
  const more = rows.length > THREADS_PER_PAGE
  const list = rows.slice(0, THREADS_PER_PAGE)
  return {
    category,
    threads: list,
    nextCursor: more ? list[list.length - 1].cursor : null,
    canStart: can(actor, 'thread:create'),
  }
}

export type ThreadPageTarget = { page: number } | { postNumber: number }

/** A thread's page: posts numbered (page-1)*20+1 … page*20, found by range, never by OFFSET. */
export async function getThreadPage(sql: Sql, actor: Actor, threadId: number, target: ThreadPageTarget) {
  const thread = await threads.findThreadHeader(sql, threadId)
  if (!thread || !can(actor, 'thread:see', thread)) throw new DomainError('not_found')
  const totalPages = pageOfPost(thread.lastPostNumber)
  const page = 'page' in target ? target.page : pageOfPost(target.postNumber)
  if (page > totalPages || ('postNumber' in target && target.postNumber > thread.lastPostNumber)) {
    throw new DomainError('not_found')
  }
  const from = (page - 1) * POSTS_PER_PAGE + 1
  const rows = await posts.listPostsInRange(sql, {
    threadId,
    from,
    to: from + POSTS_PER_PAGE - 1,
    readable: readablePosts(sql, actor),
  })
  const reply = decide(actor, 'thread:reply', thread)
  return {
    thread: {
      id: thread.id,
      title: thread.title,
      slug: thread.slug,
      kind: thread.kind,
      locked: Boolean(thread.lockedAt),
      deleted: Boolean(thread.deletedAt),
      replyCount: thread.replyCount,
      lastPostNumber: thread.lastPostNumber,
      createdAt: thread.createdAt,
      categorySlug: thread.categorySlug,
      categoryName: thread.categoryName,
      authorUsername: thread.authorUsername,
    },
    posts: rows.map((post) => ({
      ...post,
      hidden: Boolean(post.hiddenAt),
      deleted: Boolean(post.deletedAt),
      isStaffAuthor: post.authorRole === 'staff' || post.authorRole === 'admin',
      canEdit: can(actor, 'post:edit', { ...post, thread }),
    })),
    page,
    totalPages,
    canReply: reply.ok,
    // A visitor is invited to sign in; a member of a locked thread is told why not.
    replyRefusal: reply.ok ? null : reply.reason,
    canLock: isStaff(actor),
  }
}

export async function getProfilePage(sql: Sql, actor: Actor, username: string) {
  const user = await users.findUserByUsername(sql, username)
  if (!user) throw new DomainError('not_found')
  const [recentPosts, recentThreads] = await Promise.all([
    posts.listRecentPostsByAuthor(sql, {
      authorId: user.id,
      limit: 10,
      readable: readablePosts(sql, actor),
      visible: visibleThreads(sql, actor),
    }),
    threads.listThreadsByAuthor(sql, user.id, 10, visibleThreads(sql, actor)),
  ])
  return {
    user: { username: user.username, role: user.role, createdAt: user.createdAt },
    recentPosts,
    recentThreads,
  }
}
