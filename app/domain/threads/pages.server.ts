import type { Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import * as posts from '../../../db/queries/posts'
import * as threads from '../../../db/queries/threads'
import * as users from '../../../db/queries/users'
import * as questions from '../../../db/queries/questions'
import { excerptOf } from '../markdown/render.server'
import * as ideaQueries from '../../../db/queries/ideas'
import { getIdeaPanel } from '../ideas/ideas.server'
import { statusLabels } from '../ideas/idea.schema'
import { leaderboardPeriods, type LeaderboardPeriod } from './thread.schema'
import { POSTS_PER_PAGE, pageOfPost } from '../../lib/urls'
import { DomainError } from '../errors'
import { can, decide, readablePosts, visibleThreads, type Actor } from '../policy.server'
import { isStaffRole } from '../roles'

/*
 * Read models for the public pages. Each asks for exactly what its page
 * shows in a fixed number of queries, whatever the data size.
 */

export const THREADS_PER_PAGE = 30

export async function getHomePage(sql: Sql, actor: Actor) {
  const visible = visibleThreads(sql, actor)
  const [categoryList, latest, unanswered] = await Promise.all([
    categories.listCategories(sql),
    threads.listThreads(sql, { limit: 20, visible }),
    // For helpers: questions nobody has replied to yet, the longest waiting first.
    threads.listThreads(sql, { limit: 8, visible, sort: 'newest', filter: 'unanswered', oldestFirst: true }),
  ])
  return { categories: categoryList, latest, unanswered }
}

/** Parses a `before` cursor for a sort; a malformed one is a 404 like any bad URL. */
/** A cursor from a category link; a garbled one starts from the first page. */
export function parseCursor(value: string | null, sort: threads.ThreadSort = 'latest'): threads.ThreadCursor | undefined {
  if (!value) return undefined
  const pattern = sort === 'top' ? /^(\d{1,9})~(\d{1,15})$/ : /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6})~(\d{1,15})$/
  const match = pattern.exec(value)
  if (!match || (sort !== 'top' && Number.isNaN(Date.parse(match[1] + 'Z')))) return undefined
  return { key: match[1], id: Number(match[2]) }
}


export async function getCategoryPage(
  sql: Sql,
  actor: Actor,
  slug: string,
  options: { before?: threads.ThreadCursor; sort?: threads.ThreadSort; filter?: threads.ThreadFilter } = {},
) {
  const category = await categories.findCategoryBySlug(sql, slug)
  if (!category) throw new DomainError('not_found')
  const rows = await threads.listThreads(sql, {
    categoryId: category.id,
    before: options.before,
    sort: options.sort,
    filter: options.filter,
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
export type ThreadOrder = { order: 'oldest' } | { order: 'helpful'; after?: posts.HelpfulCursor }

/** Parses a most-helpful cursor (`count~postNumber`); a malformed one is a 404. */
export function parseHelpfulCursor(value: string | null): posts.HelpfulCursor | undefined {
  if (!value) return undefined
  const match = /^(\d{1,9})~(\d{1,9})$/.exec(value)
  if (!match) return undefined
  return { count: Number(match[1]), postNumber: Number(match[2]) }
}

/**
 * A thread's page. In the default order it holds posts numbered
 * (page-1)*20+1 … page*20, found by range, never by OFFSET. Ordered by most
 * helpful, it shows the question, the accepted answer, then replies by
 * helpful votes, keyset-paged.
 */
export async function getThreadPage(sql: Sql, actor: Actor, threadId: number, target: ThreadPageTarget, order: ThreadOrder = { order: 'oldest' }) {
  const thread = await threads.findThreadHeader(sql, threadId)
  if (!thread || !can(actor, 'thread:see', thread)) throw new DomainError('not_found')
  const totalPages = pageOfPost(thread.lastPostNumber)
  const page = 'page' in target ? target.page : pageOfPost(target.postNumber)
  if (page > totalPages || ('postNumber' in target && target.postNumber > thread.lastPostNumber)) {
    throw new DomainError('not_found')
  }
  const readable = readablePosts(sql, actor)
  let rows: posts.PostView[]
  let nextHelpful: string | null = null
  if (order.order === 'helpful') {
    const head = await posts.listPostsInRange(sql, { threadId, from: 1, to: 1, readable })
    const accepted = thread.acceptedPostNumber && !order.after
      ? await posts.listPostsInRange(sql, { threadId, from: thread.acceptedPostNumber, to: thread.acceptedPostNumber, readable })
      : []
    const rest = await posts.listPostsByHelpful(sql, {
      threadId,
      excludeId: thread.acceptedPostId,
      after: order.after,
      limit: POSTS_PER_PAGE + 1,
      readable,
    })
    const shown = rest.slice(0, POSTS_PER_PAGE)
    if (rest.length > POSTS_PER_PAGE) nextHelpful = `${shown[shown.length - 1].helpfulCount}~${shown[shown.length - 1].postNumber}`
    rows = [...(order.after ? [] : head), ...accepted, ...shown]
  } else {
    const from = (page - 1) * POSTS_PER_PAGE + 1
    rows = await posts.listPostsInRange(sql, { threadId, from, to: from + POSTS_PER_PAGE - 1, readable })
  }
  const marks = actor && rows.length
    ? await questions.findViewerMarks(sql, actor.id, threadId, rows.map((p) => p.id))
    : { helpful: [] as number[], meToo: false }
  const [ideaPanel, relatedIdeas] = await Promise.all([
    thread.kind === 'idea' ? getIdeaPanel(sql, actor, thread) : Promise.resolve(null),
    thread.kind === 'idea' ? Promise.resolve([]) : ideaQueries.findIdeasLinking(sql, threadId),
  ])
  const reply = decide(actor, 'thread:reply', thread)
  const isQuestion = thread.kind === 'question'
  const canAccept = isQuestion && can(actor, 'thread:accept', thread)
  const acceptedVisible = thread.acceptedPostNumber !== null && thread.acceptedHtml !== null
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
      meTooCount: thread.meTooCount,
      acceptedPostId: thread.acceptedPostId,
    },
    accepted: acceptedVisible
      ? { postNumber: thread.acceptedPostNumber!, authorUsername: thread.acceptedAuthorUsername!, excerpt: excerptOf(thread.acceptedHtml!, 280) }
      : null,
    posts: rows.map((post) => {
      const facts = { ...post, thread }
      return {
        ...post,
        hidden: Boolean(post.hiddenAt),
        deleted: Boolean(post.deletedAt),
        isStaffAuthor: isStaffRole(post.authorRole),
        isAccepted: post.id === thread.acceptedPostId,
        canEdit: can(actor, 'post:edit', facts),
        canDelete: can(actor, 'post:delete', facts),
        // Visitors see the button too; pressing it asks them to sign in.
        canVote: post.postNumber > 1 && (actor === null || can(actor, 'post:voteHelpful', facts)),
        voted: marks.helpful.includes(post.id),
        canAccept: canAccept && post.postNumber > 1 && !post.deletedAt && !post.hiddenAt,
      }
    }),
    page,
    totalPages,
    order: order.order,
    nextHelpful,
    meToo: {
      shown: isQuestion,
      mine: marks.meToo,
      canPress: isQuestion && (actor === null || can(actor, 'thread:meToo', thread)),
    },
    idea: ideaPanel,
    relatedIdeas: relatedIdeas.map((i) => ({ ...i, statusLabel: statusLabels[i.ideaStatus] })),
    canPromote: can(actor, 'thread:promote', thread),
    // The policy's own answer: a visitor is invited to sign in; anyone refused is told why.
    replyBox: (reply.ok
      ? { state: 'open', reason: null }
      : reply.code === 'unauthorized'
        ? { state: 'signIn', reason: reply.reason }
        : { state: 'refused', reason: reply.reason }) as { state: 'open' | 'signIn' | 'refused'; reason: string | null },
    canLock: can(actor, 'thread:lock', thread),
  }
}

export async function getProfilePage(sql: Sql, actor: Actor, username: string) {
  const user = await users.findUserByUsername(sql, username)
  if (!user) throw new DomainError('not_found')
  const [stats, recentPosts, recentThreads] = await Promise.all([
    questions.findProfileStats(sql, user.id),
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
    stats,
    recentPosts,
    recentThreads,
  }
}


export async function getLeaderboard(sql: Sql, period: LeaderboardPeriod) {
  const days = leaderboardPeriods[period]
  const since = days === null ? null : new Date(Date.now() - days * 24 * 3600 * 1000)
  return { period, helpers: await questions.listTopHelpers(sql, since, 25) }
}

/** What the new-thread form offers: every category with the kinds it takes, and the one asked for. */
export async function getNewThreadPage(sql: Sql, wantedCategory: string | null) {
  const list = await categories.listCategories(sql)
  return {
    categories: list.map(({ slug, name, allowedKinds, defaultKind }) => ({ slug, name, allowedKinds, defaultKind })),
    selected: list.find((c) => c.slug === wantedCategory)?.slug ?? '',
  }
}
