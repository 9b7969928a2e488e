import type { IdeaStatus, Readability, ThreadKind } from '../db/types'
import { publicOnly, type SearchFilters, type Snippet } from './port'
import type { SourcePost, SourceThread } from './source'

/*
 * The pure half of the Meilisearch engine: thread documents built from what
 * search/source.ts reads, filter expressions, and snippets read back from
 * Meilisearch's highlighted strings. Nothing here talks to a server, so all
 * of it is tested without one.
 */

/** One thread as Meilisearch stores it: its text to search, its facts to filter and rank on. */
export interface ThreadDocument {
  id: number
  title: string
  slug: string
  /** The opening post's text ('' when it is not in public view). */
  question: string
  /** Reply texts in post-number order, without the accepted answer (indexed once, under `accepted`). */
  replies: string[]
  /** The post number of each reply, parallel to `replies`, so a hit links to the reply that matched. */
  replyNumbers: number[]
  accepted: string
  acceptedNumber: number | null
  categoryId: number
  /** Who reads the thread's category: every search filters on it. */
  readableBy: Readability
  kind: ThreadKind
  solved: boolean
  /**
   * `solved` as a number: Meilisearch ranks custom rules on numbers and strings only, so the
   * "solved first" ranking rule reads this field while filters read `solved`.
   */
  solvedRank: 0 | 1
  ideaStatus: IdeaStatus | null
  authorId: number
  voteCount: number
  replyCount: number
  /** Unix seconds, with milliseconds as the fraction so a hit gives back the exact time. */
  createdAt: number
  lastPostedAt: number
}

/** Settings every thread index gets, live or being rebuilt. */
export const threadIndexSettings = {
  // Order matters: a match in an earlier attribute ranks higher.
  searchableAttributes: ['title', 'question', 'accepted', 'replies'],
  filterableAttributes: ['readableBy', 'categoryId', 'kind', 'solved', 'ideaStatus', 'authorId', 'createdAt'],
  sortableAttributes: ['lastPostedAt', 'createdAt'],
  // `sort` comes first so that "newest" orders every match by date; without a sort parameter the rule does nothing
  // and relevance decides, with solved questions, then recent activity, breaking ties.
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'solvedRank:desc', 'lastPostedAt:desc'],
  typoTolerance: { enabled: true },
}

/** Marks Meilisearch puts around matched words: control characters that plain post text never holds. */
export const markStart = '\u0001'
export const markEnd = '\u0002'

/** Post text with our mark characters removed, so a mark in a formatted string is always one Meilisearch put there. */
function clean(text: string): string {
  return text.replace(/[\u0001\u0002]/g, '')
}

export function unixSeconds(date: Date): number {
  return date.getTime() / 1000
}

export function fromUnixSeconds(seconds: number): Date {
  return new Date(Math.round(seconds * 1000))
}

/** The document for one thread from its searchable posts (any order, any thread: others are ignored). */
export function buildThreadDocument(thread: SourceThread, posts: SourcePost[]): ThreadDocument {
  const own = posts.filter((p) => p.threadId === thread.id).sort((a, b) => a.postNumber - b.postNumber)
  const opening = own.find((p) => p.postNumber === 1)
  const accepted = own.find((p) => p.accepted && p.postNumber !== 1)
  const replies = own.filter((p) => p.postNumber !== 1 && p !== accepted)
  return {
    id: thread.id,
    title: clean(thread.title),
    slug: thread.slug,
    question: clean(opening?.text ?? ''),
    replies: replies.map((p) => clean(p.text)),
    replyNumbers: replies.map((p) => p.postNumber),
    accepted: clean(accepted?.text ?? ''),
    acceptedNumber: accepted?.postNumber ?? null,
    categoryId: thread.categoryId,
    readableBy: thread.readableBy,
    kind: thread.kind,
    solved: thread.solved,
    solvedRank: thread.solved ? 1 : 0,
    ideaStatus: thread.ideaStatus,
    authorId: thread.authorId,
    voteCount: thread.voteCount,
    replyCount: thread.replyCount,
    createdAt: unixSeconds(thread.createdAt),
    lastPostedAt: unixSeconds(thread.lastPostedAt),
  }
}

/** Documents for threads read together with all their posts. */
export function buildThreadDocuments(threads: SourceThread[], posts: SourcePost[]): ThreadDocument[] {
  const byThread = new Map<number, SourcePost[]>()
  for (const post of posts) byThread.set(post.threadId, [...(byThread.get(post.threadId) ?? []), post])
  return threads.map((thread) => buildThreadDocument(thread, byThread.get(thread.id) ?? []))
}

/**
 * A string value inside a filter expression. Meilisearch reads a double-quoted value by first turning
 * `\"` into `"`, then unescaping backslashes, so backslashes are doubled before quotes are escaped.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

function filterNumber(value: number): string {
  // Ids come parsed by zod; anything else would change the expression's meaning, so refuse it.
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not an id for a search filter: ${value}`)
  return String(value)
}

const day = 86_400

/** The first second of the UTC day holding this date. */
function dayStart(date: Date): number {
  return Math.floor(date.getTime() / 1000 / day) * day
}

/**
 * The Meilisearch filter for the search page's filters, or undefined for none. `from` and `to` are
 * calendar days (UTC), both included; `solved` is about questions, so it keeps to questions.
 */
export function filterExpression(filters: SearchFilters): string {
  const parts = [readableFilter(filters.readableBy ?? publicOnly)]
  if (filters.categoryId !== undefined) parts.push(`categoryId = ${filterNumber(filters.categoryId)}`)
  if (filters.kind !== undefined) parts.push(`kind = ${quoteFilterValue(filters.kind)}`)
  if (filters.solved !== undefined) {
    if (filters.kind === undefined) parts.push(`kind = ${quoteFilterValue('question')}`)
    parts.push(`solved = ${filters.solved ? 'true' : 'false'}`)
  }
  if (filters.ideaStatus !== undefined) parts.push(`ideaStatus = ${quoteFilterValue(filters.ideaStatus)}`)
  if (filters.authorId !== undefined) parts.push(`authorId = ${filterNumber(filters.authorId)}`)
  if (filters.from) parts.push(`createdAt >= ${dayStart(filters.from)}`)
  if (filters.to) parts.push(`createdAt < ${dayStart(filters.to) + day}`)
  return parts.join(' AND ')
}

/** Threads read at one of these levels. */
export function readableFilter(levels: readonly Readability[]): string {
  return `readableBy IN [${levels.map(quoteFilterValue).join(', ')}]`
}

/** Runs of text from a formatted string: what lies between the marks is marked. Empty runs are dropped, neighbours of one kind joined. */
export function toSnippet(formatted: string): Snippet {
  const runs: Snippet = []
  let mark = false
  for (const piece of formatted.split(/([\u0001\u0002])/)) {
    if (piece === markStart || piece === markEnd) {
      mark = piece === markStart
      continue
    }
    if (!piece) continue
    const last = runs[runs.length - 1]
    if (last && last.mark === mark) last.text += piece
    else runs.push({ text: piece, mark })
  }
  return runs
}

/** Where a match lies in a field, as Meilisearch reports it: bytes of UTF-8, with the array position for array fields. */
export interface MatchBounds {
  start: number
  length: number
  indices?: number[]
}

/** The part of a hit the snippet is chosen from: the document's text and numbers, its formatted copy and its match positions. */
export interface SnippetSource {
  document: Pick<ThreadDocument, 'question' | 'replies' | 'replyNumbers' | 'accepted' | 'acceptedNumber'>
  formatted?: Record<string, unknown>
  matches?: Partial<Record<string, MatchBounds[]>>
}

interface Candidate {
  postNumber: number
  /** The post's full text, to read matched words out of by byte position. */
  text: string
  /** Its highlighted, cropped copy. */
  formatted: string
  bounds: MatchBounds[] | null
}

function formattedString(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback
}

function candidates({ document, formatted = {}, matches }: SnippetSource): Candidate[] {
  const formattedReplies = Array.isArray(formatted.replies) ? formatted.replies : []
  const replyBounds = matches?.replies
  // Servers that predate `indices` cannot say which reply matched: fall back on the marks.
  const repliesLocated = !replyBounds || replyBounds.every((b) => b.indices?.length)
  const list: Candidate[] = [
    {
      postNumber: 1,
      text: document.question,
      formatted: formattedString(formatted.question, document.question),
      bounds: matches ? (matches.question ?? []) : null,
    },
  ]
  if (document.acceptedNumber !== null && document.accepted) {
    list.push({
      postNumber: document.acceptedNumber,
      text: document.accepted,
      formatted: formattedString(formatted.accepted, document.accepted),
      bounds: matches ? (matches.accepted ?? []) : null,
    })
  }
  document.replies.forEach((text, i) => {
    list.push({
      postNumber: document.replyNumbers[i],
      text,
      formatted: formattedString(formattedReplies[i], text),
      bounds: matches && repliesLocated ? (replyBounds ?? []).filter((b) => b.indices?.[0] === i) : null,
    })
  })
  return list
}

/** How many different words of the query a candidate holds: from match positions when known, else from its marks. */
function distinctMatches(candidate: Candidate): number {
  const words = new Set<string>()
  if (candidate.bounds) {
    const bytes = Buffer.from(candidate.text)
    for (const b of candidate.bounds)
      words.add(
        bytes
          .subarray(b.start, b.start + b.length)
          .toString()
          .toLowerCase(),
      )
  } else {
    for (const run of toSnippet(candidate.formatted)) if (run.mark) words.add(run.text.toLowerCase())
  }
  return words.size
}

/**
 * The snippet of a hit and the post it links to: the post holding the most different query words,
 * the earliest on a tie (question, then accepted answer, then replies in order); the question when
 * only the title matched.
 */
export function bestSnippet(source: SnippetSource): { postNumber: number; snippet: Snippet } {
  const list = candidates(source)
  let best = list[0]
  let bestScore = distinctMatches(best)
  for (const candidate of list.slice(1)) {
    const score = distinctMatches(candidate)
    if (score > bestScore) [best, bestScore] = [candidate, score]
  }
  return { postNumber: best.postNumber, snippet: toSnippet(best.formatted) }
}

/** The first non-empty line of a text, cut at a word near `max` characters; null for none. */
export function firstLine(text: string, max = 140): string | null {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean)
  if (!line) return null
  if (line.length <= max) return line
  const cut = line.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}
