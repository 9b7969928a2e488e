import type { Db, Sql } from '../db/client'
import type { IdeaStatus, Readability, ThreadKind } from '../db/types'

/*
 * The search port: what the forum asks of a search engine. Two engines
 * implement it (PostgreSQL full-text, the default; Meilisearch when
 * configured), and one contract suite (search/contract.ts) holds both to the
 * same behaviour.
 *
 * Engines never decide who may read what: they index only posts in public
 * view of threads that are not deleted (never internal notes), each thread
 * with its category's readability, which every query filters on as the
 * policy says. They read it from the database themselves, so a change is
 * applied by naming what changed and an update applied twice changes nothing.
 */

/** What changed: threads whose facts (title, category, solved, status, votes, visibility) and posts whose text or standing may differ. */
export interface IndexChange {
  threadIds: number[]
  postIds: number[]
  /** Categories whose readability changed: every thread in them. */
  categoryIds?: number[]
}

/** What a visitor reads, and what a search asks for when it does not say who is searching. */
export const publicOnly: readonly Readability[] = ['everyone']

export interface SearchFilters {
  /** Who is searching: threads of categories read at these levels; public ones only when not given. */
  readableBy?: readonly Readability[]
  categoryId?: number
  kind?: ThreadKind
  /** Questions with (true) or without (false) an accepted answer. */
  solved?: boolean
  ideaStatus?: IdeaStatus
  /** The thread's author, by user id. */
  authorId?: number
  /** Threads started in this range (inclusive dates). */
  from?: Date
  to?: Date
}

export interface SearchQuery {
  /** As typed: words, "quoted phrases", -excluded words. */
  text: string
  filters: SearchFilters
  sort: 'relevance' | 'newest'
  /** 1-based. */
  page: number
  perPage: number
}

/** A snippet as runs of text; `mark` runs are the words that matched. Rendered as text, never as HTML. */
export type Snippet = Array<{ text: string; mark: boolean }>

export interface SearchHit {
  threadId: number
  title: string
  /** The title with its matching words marked. */
  titleMarked: Snippet
  slug: string
  kind: ThreadKind
  categoryId: number
  solved: boolean
  ideaStatus: IdeaStatus | null
  authorId: number
  createdAt: Date
  lastPostedAt: Date
  replyCount: number
  /** The post that matched best, to link to (1 is the opening post). */
  postNumber: number
  snippet: Snippet
}

export interface SearchResult {
  hits: SearchHit[]
  /** Whether a next page exists. */
  more: boolean
  /** The query as searched after correcting unknown words, when it differs from what was typed. */
  correctedText: string | null
}

export interface Suggestion {
  threadId: number
  title: string
  slug: string
  kind: ThreadKind
  solved: boolean
  ideaStatus: IdeaStatus | null
  /** The first line of the accepted answer, for solved questions. */
  acceptedExcerpt: string | null
}

export interface EngineHealth {
  ok: boolean
  detail?: string
}

export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch'
  /** Prepares the engine (settings, indexes); safe to run at every start. */
  setup(): Promise<void>
  /** Brings what changed up to date from the database: indexed, updated or removed. */
  update(sql: Db, change: IndexChange): Promise<void>
  search(sql: Sql, query: SearchQuery): Promise<SearchResult>
  /** Threads whose title or question resemble a title being typed, best first, among those read at `readableBy` (public ones when not given). */
  suggest(sql: Sql, title: string, limit: number, readableBy?: readonly Readability[]): Promise<Suggestion[]>
  /** Rebuilds everything from the database while search keeps answering; reports posts done as it goes. */
  reindex(sql: Sql, progress: (done: number, total: number) => void): Promise<void>
  health(): Promise<EngineHealth>
  close(): Promise<void>
}
