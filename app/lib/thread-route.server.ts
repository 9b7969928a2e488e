import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'

import { DomainError } from '../domain/errors'
import { getThreadPage, parseHelpfulCursor } from '../domain/pages/thread.server'
import { idParam, pageParam } from '../domain/threads/thread.schema'
import { findMergedThreadUrl, getThreadTools } from '../domain/threads/tools.server'
import { formAttachments } from './attachments.server'
import { runIntent, type IntentSuccess } from './intents.server'
import { ideaIntents } from './intents/ideas.server'
import { moderationIntents } from './intents/moderation.server'
import { questionIntents } from './intents/questions.server'
import { threadIntents } from './intents/threads.server'
import { toolIntents } from './intents/tools.server'
import { watchIntents } from './intents/watch.server'
import { clip, plainText } from './plain-text'
import { getActor, parseParam, requireActor, throwAsPage } from './request.server'
import { leaveHtmlInPage } from './shown-html.server'
import { postUrl, threadUrl } from './urls'

/*
 * The thread page is served at /t/:id/:slug? and /t/:id/:slug/:n; both
 * routes use this loader and action.
 */

export async function loadThread({ request, params, context }: LoaderFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const url = new URL(request.url)
  const n = params.n === undefined ? undefined : parseParam(pageParam, params.n)
  const pageValue = url.searchParams.get('page')
  const page = pageValue === null ? 1 : parseParam(pageParam.catch(1), pageValue)
  const helpful = url.searchParams.get('order') === 'helpful'
  const actor = await getActor(request, context)
  let result: Awaited<ReturnType<typeof getThreadPage>>
  try {
    const order = helpful
      ? { order: 'helpful' as const, after: parseHelpfulCursor(url.searchParams.get('after')) }
      : { order: 'oldest' as const }
    result = await getThreadPage(context.sql, actor, id, n ? { postNumber: n } : { page }, order)
  } catch (error) {
    // A thread merged into another: its addresses, and each of its posts, moved there for good.
    if (error instanceof DomainError && error.code === 'not_found') {
      const moved = await findMergedThreadUrl(context.sql, id, n)
      if (moved) throw redirect(moved, 301)
    }
    throwAsPage(error)
  }
  // One address per page: a changed title or a missing slug redirects to the current one.
  // `?page=1` is the first page's address spelled twice.
  if (params.slug !== result.thread.slug || (!n && pageValue !== null && page === 1)) {
    const target = n
      ? postUrl(result.thread, n).replace(/#.*/, '')
      : threadUrl(result.thread, page) + (helpful ? `${page > 1 ? '&' : '?'}order=helpful` : '')
    throw redirect(target, 301)
  }
  const tools = await getThreadTools(context.sql, actor, result.thread)
  const opening = result.posts.find((post) => post.postNumber === 1)
  return {
    ...result,
    posts: leaveHtmlInPage(context, result.posts).map(withoutEmptyMarks),
    // For the page's meta tags, which the browser renders too, where the posts' HTML may be left out.
    description: opening?.html ? clip(plainText(opening.html), 160) : result.thread.title,
    tools,
    origin: context.publicUrl,
  }
}

/** A post's marks and buttons that are mostly off, and its fields that are mostly empty. */
const MOSTLY_EMPTY = [
  'hidden',
  'held',
  'deleted',
  'isStaffAuthor',
  'isAccepted',
  'canEdit',
  'canDelete',
  'voted',
  'canAccept',
  'flaggedByMe',
  'canModerate',
  'canSeeHistory',
  'hiddenReason',
  'editedAt',
  'authorAvatar',
] as const
type MostlyEmpty = (typeof MOSTLY_EMPTY)[number]
const mostlyEmpty: ReadonlySet<string> = new Set(MOSTLY_EMPTY)

/** A post without the marks that are off and the fields that are empty: on a page of twenty they were most of its data. */
function withoutEmptyMarks<T extends Record<MostlyEmpty, unknown>>(post: T): Omit<T, MostlyEmpty> & Partial<Pick<T, MostlyEmpty>> {
  // Copied without them rather than deleted from a copy: an object that lost properties is slower to read while rendering.
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(post)) if (!(mostlyEmpty.has(key) && (value === false || value === null))) kept[key] = value
  return kept as Omit<T, MostlyEmpty> & Partial<Pick<T, MostlyEmpty>>
}

const intents = { ...threadIntents, ...questionIntents, ...ideaIntents, ...moderationIntents, ...toolIntents, ...watchIntents }
export type ThreadIntentResult = IntentSuccess<typeof intents>

/** Every form on the thread page posts here and names its intent; a form without one is a reply. */
export async function threadAction({ request, params, context }: ActionFunctionArgs) {
  const id = parseParam(idParam, params.id)
  const form = await request.formData()
  const actor = await requireActor(request, context, new URL(request.url).pathname)
  const attach = formAttachments(context, actor, form)
  return runIntent(intents, form, { sql: context.sql, actor, id, limits: context.rateLimits, attach }, request, 'reply')
}
