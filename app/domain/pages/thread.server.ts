import type { Sql } from '../../../db/client'
import * as ideaQueries from '../../../db/queries/ideas'
import * as postQueries from '../../../db/queries/posts'
import * as questionQueries from '../../../db/queries/questions'
import * as threadQueries from '../../../db/queries/threads'
import type { Readability, ThreadKind } from '../../../db/types'
import { pageOfPost, POSTS_PER_PAGE } from '../../lib/urls'
import { DomainError } from '../errors'
import { statusLabels, type IdeaStatus } from '../ideas/idea.terms'
import { excerptOf } from '../markdown/render.server'
import { can, decide, isStaff, readablePosts, type Actor, type Help } from '../policy.server'
import { isStaffRole } from '../roles'
import { getSettings } from '../settings/settings.server'

/*
 * A thread's page: its posts, the reader's marks and buttons, and for ideas
 * the board's panel, all decided by the policy.
 */

export type ThreadPageTarget = { page: number } | { postNumber: number }
export type ThreadOrder = { order: 'oldest' } | { order: 'helpful'; after?: postQueries.HelpfulCursor }

/** Parses a most-helpful cursor (`count~postNumber`); a malformed one is a 404. */
export function parseHelpfulCursor(value: string | null): postQueries.HelpfulCursor | undefined {
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
export async function getThreadPage(
  sql: Sql,
  actor: Actor,
  threadId: number,
  target: ThreadPageTarget,
  order: ThreadOrder = { order: 'oldest' },
) {
  const thread = await threadQueries.findThreadHeader(sql, threadId)
  if (!thread || !can(actor, 'thread:see', thread)) throw new DomainError('not_found')
  // A thread merged into another is read there; the route redirects its addresses.
  if (thread.postsMergedAt) throw new DomainError('not_found')
  const totalPages = pageOfPost(thread.lastPostNumber)
  const page = 'page' in target ? target.page : pageOfPost(target.postNumber)
  if (page > totalPages || ('postNumber' in target && target.postNumber > thread.lastPostNumber)) {
    throw new DomainError('not_found')
  }
  const readable = readablePosts(sql, actor)
  let rows: postQueries.PostView[]
  let heldRows: postQueries.HeldPostView[] = []
  let nextHelpful: string | null = null
  if (order.order === 'helpful') {
    const head = await postQueries.listPostsInRange(sql, { threadId, from: 1, to: 1, readable })
    const accepted =
      thread.acceptedPostNumber && !order.after
        ? await postQueries.listPostsInRange(sql, { threadId, from: thread.acceptedPostNumber, to: thread.acceptedPostNumber, readable })
        : []
    const rest = await postQueries.listPostsByHelpful(sql, {
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
    // Held replies are read by their authors and staff only, on every page: a visitor's page never asks.
    const found = await postQueries.listPostsInRange(sql, { threadId, from, to: from + POSTS_PER_PAGE - 1, readable, held: actor !== null })
    rows = found.filter((p): p is postQueries.PostView => p.postNumber !== null)
    heldRows = found.filter((p): p is postQueries.HeldPostView => p.postNumber === null)
  }
  const marks =
    actor && rows.length
      ? await questionQueries.findViewerMarks(
          sql,
          actor.id,
          threadId,
          rows.map((p) => p.id),
        )
      : { helpful: [] as number[], meToo: false, flagged: [] as number[], watch: null }
  const [ideaPanel, relatedIdeas] = await Promise.all([
    thread.kind === 'idea' ? getIdeaPanel(sql, actor, thread) : Promise.resolve(null),
    thread.kind === 'idea' ? Promise.resolve([]) : ideaQueries.findIdeasLinking(sql, threadId),
  ])
  const promotedAlready = relatedIdeas.some((i) => i.promotedFromHere)
  // The form starts from the thread's own title and opening post, for those who may promote it.
  const opening = can(actor, 'thread:promote', { ...thread, promotedAlready })
    ? await postQueries.findPostByNumber(sql, threadId, 1)
    : undefined
  const promote = opening ? { title: thread.title, summary: opening.markdown } : null
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
      lockedReason: thread.lockedAt ? thread.lockedReason : null,
      deleted: Boolean(thread.deletedAt),
      held: Boolean(thread.heldAt),
      replyCount: thread.replyCount,
      lastPostNumber: thread.lastPostNumber,
      liveMark: thread.liveMark,
      readableBy: thread.readableBy,
      createdAt: thread.createdAt,
      categorySlug: thread.categorySlug,
      categoryName: thread.categoryName,
      authorUsername: thread.authorUsername,
      meTooCount: thread.meTooCount,
      acceptedPostId: thread.acceptedPostId,
      pinned: thread.pinned,
      duplicateOf:
        thread.duplicateOfId && thread.duplicateOfSlug
          ? { id: thread.duplicateOfId, slug: thread.duplicateOfSlug, title: thread.duplicateOfTitle ?? '' }
          : null,
    },
    accepted: acceptedVisible
      ? {
          postNumber: thread.acceptedPostNumber!,
          authorUsername: thread.acceptedAuthorUsername!,
          excerpt: excerptOf(thread.acceptedHtml!, 280),
          createdAt: thread.acceptedCreatedAt!,
          helpfulCount: thread.acceptedHelpfulCount ?? 0,
        }
      : null,
    posts: rows.map((post) => {
      const facts = { ...post, thread }
      return {
        id: post.id,
        postNumber: post.postNumber,
        authorUsername: post.authorUsername,
        authorAvatar: post.authorAvatar,
        html: post.html,
        createdAt: post.createdAt,
        editedAt: post.editedAt,
        helpfulCount: post.helpfulCount,
        hidden: Boolean(post.hiddenAt),
        held: Boolean(post.heldAt),
        deleted: Boolean(post.deletedAt),
        isStaffAuthor: isStaffRole(post.authorRole),
        isAccepted: post.id === thread.acceptedPostId,
        canEdit: can(actor, 'post:edit', facts),
        canDelete: can(actor, 'post:delete', facts),
        // Visitors see the button too; pressing it asks them to sign in.
        canVote: post.postNumber > 1 && (actor === null || can(actor, 'post:voteHelpful', facts)),
        voted: marks.helpful.includes(post.id),
        canAccept: canAccept && post.postNumber > 1 && !post.deletedAt && !post.hiddenAt,
        // Members flag others' posts; staff hide and approve.
        canFlag: actor !== null && can(actor, 'post:flag', facts),
        flaggedByMe: marks.flagged.includes(post.id),
        canModerate: can(actor, 'post:hide', facts),
        hiddenReason: post.hiddenAt && (isStaff(actor) || actor?.id === post.authorId) ? post.hiddenReason : null,
        // Staff reach an edited post's earlier versions from its "edited" mark.
        canSeeHistory: post.editedAt !== null && can(actor, 'post:history'),
      }
    }),
    // Replies waiting for a moderator, without numbers yet: the reader's own, or all for staff.
    held: heldRows.map((post) => ({
      id: post.id,
      authorUsername: post.authorUsername,
      html: post.html,
      createdAt: post.createdAt,
      canEdit: can(actor, 'post:edit', { ...post, thread }),
      canDelete: can(actor, 'post:delete', { ...post, thread }),
      canApprove: can(actor, 'post:approve', { ...post, thread }),
    })),
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
    promote,
    // The policy's own answer: a visitor is invited to sign in; anyone refused is told why.
    replyBox: (reply.ok
      ? { state: 'open', reason: null, help: null }
      : reply.code === 'unauthorized'
        ? { state: 'signIn', reason: reply.reason, help: null }
        : { state: 'refused', reason: reply.reason, help: reply.help ?? null }) as {
      state: 'open' | 'signIn' | 'refused'
      reason: string | null
      help: Help | null
    },
    canLock: can(actor, 'thread:lock', thread),
    /** How the signed-in reader follows the thread (null: normal); absent for visitors. */
    watch: actor ? { level: marks.watch } : null,
  }
}

/** What an idea's page shows beside its posts; notes only for those allowed to read them. */
async function getIdeaPanel(
  sql: Sql,
  actor: Actor,
  idea: {
    id: number
    promotedFromId: number | null
    mergedIntoId: number | null
    ideaStatus: IdeaStatus | null
    voteCount: number
    deletedAt: Date | null
    authorId: number
    lockedAt: Date | null
    kind: ThreadKind
    readableBy: Readability
  },
) {
  const triage = can(actor, 'idea:triage')
  const [customers, linked, timeline, notes, mine, settings, mergedInto] = await Promise.all([
    ideaQueries.countCustomersAffected(sql, [idea.id]),
    ideaQueries.listLinkedThreads(sql, idea.id, idea.promotedFromId),
    ideaQueries.listIdeaEvents(sql, idea.id),
    triage ? ideaQueries.listIdeaNotes(sql, idea.id) : Promise.resolve(null),
    actor ? ideaQueries.findVoterState(sql, idea.id, actor.id) : Promise.resolve(null),
    getSettings(sql),
    idea.mergedIntoId ? threadQueries.findThreadById(sql, idea.mergedIntoId) : Promise.resolve(undefined),
  ])
  const vote = decide(actor, 'idea:vote', { ...idea, ideaStatus: idea.ideaStatus, mergedIntoId: idea.mergedIntoId })
  return {
    status: idea.ideaStatus!,
    statusLabel: statusLabels[idea.ideaStatus!],
    votes: idea.voteCount,
    customersAffected: customers.get(idea.id) ?? 0,
    linked,
    timeline,
    notes,
    voted: mine?.voted ?? false,
    canVote: vote.ok || vote.code === 'unauthorized',
    voteRefusal: vote.ok || vote.code === 'unauthorized' ? null : vote.reason,
    budget:
      settings.voteBudget === null || !actor
        ? null
        : { total: settings.voteBudget, left: Math.max(0, settings.voteBudget - (mine?.held ?? 0)) },
    canTriage: triage,
    mergedInto: mergedInto ? { id: mergedInto.id, title: mergedInto.title, slug: mergedInto.slug } : null,
  }
}
