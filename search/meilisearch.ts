import { Meilisearch, type EnqueuedTaskPromise, type Hit, type Settings } from 'meilisearch'

import type { Sql } from '../db/client'
import type { Readability } from '../db/types'
import {
  bestSnippet,
  buildThreadDocuments,
  filterExpression,
  firstLine,
  fromUnixSeconds,
  markEnd,
  markStart,
  readableFilter,
  threadIndexSettings,
  toSnippet,
  type MatchBounds,
  type ThreadDocument,
} from './meilisearch-documents'
import {
  publicOnly,
  type EngineHealth,
  type IndexChange,
  type SearchEngine,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type Suggestion,
} from './port'
import { allThreadIds, countSearchablePosts, readThreadPosts, readThreads, threadIdsInCategories } from './source'

/*
 * The Meilisearch engine: one document per thread (see meilisearch-documents.ts), rebuilt whole from
 * the database whenever anything in the thread changes, so an update applied twice changes nothing.
 * Writes wait for their Meilisearch task: the indexer counts an event done only once search shows it.
 */

export interface MeilisearchEngineOptions {
  url: string
  apiKey?: string
  indexName?: string
  /** Each HTTP request gives up after this long (health checks must not hang). */
  requestTimeoutMs?: number
  /** How long a write waits for Meilisearch to process it before failing (and being retried). */
  taskTimeoutMs?: number
}

const cropLength = 30
const batchSize = 200

/** A Meilisearch task that ended without succeeding. */
export class MeilisearchTaskError extends Error {
  constructor(
    readonly taskUid: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message)
    this.name = 'MeilisearchTaskError'
  }
}

export function createMeilisearchEngine(options: MeilisearchEngineOptions): SearchEngine {
  const indexName = options.indexName ?? 'threads'
  const taskTimeout = options.taskTimeoutMs ?? 120_000
  const client = new Meilisearch({
    host: options.url,
    apiKey: options.apiKey,
    timeout: options.requestTimeoutMs ?? 10_000,
    defaultWaitOptions: { timeout: taskTimeout, interval: 50 },
  })
  const threads = () => client.index<ThreadDocument>(indexName)
  // The index a reindex in this process is filling: updates go there too, so they survive the swap.
  let rebuilding: string | null = null

  /** Waits for a task and fails unless it succeeded (a failed task is not an error to the HTTP call that queued it). */
  async function settle(task: EnqueuedTaskPromise, allowedCodes: string[] = []): Promise<void> {
    const done = await task.waitTask({ timeout: taskTimeout })
    if (done.status === 'succeeded') return
    const code = done.error?.code ?? null
    if (code && allowedCodes.includes(code)) return
    throw new MeilisearchTaskError(
      done.uid,
      code,
      `Meilisearch ${done.type} task ${done.uid} ${done.status}: ${done.error?.message ?? 'no reason given'}`,
    )
  }

  async function ensureIndex(uid: string): Promise<void> {
    // Creating is the check: several processes may start at once, and the loser's task fails harmlessly.
    await settle(client.createIndex(uid, { primaryKey: 'id' }), ['index_already_exists'])
  }

  async function applySettings(uid: string): Promise<void> {
    const index = client.index(uid)
    if (settingsMatch(await index.getSettings())) return
    await settle(index.updateSettings(threadIndexSettings))
  }

  async function writeDocuments(uid: string, removed: number[], documents: ThreadDocument[]): Promise<void> {
    const index = client.index<ThreadDocument>(uid)
    if (removed.length) await settle(index.deleteDocuments(removed))
    // Adding replaces a document with the same id whole, which is what a rebuilt thread needs.
    if (documents.length) await settle(index.addDocuments(documents, { primaryKey: 'id' }))
  }

  async function update(sql: Sql, change: IndexChange): Promise<void> {
    const ids = await affectedThreadIds(sql, change)
    if (!ids.length) return
    const found = await readThreads(sql, ids)
    const documents = buildThreadDocuments(
      found,
      await readThreadPosts(
        sql,
        found.map((t) => t.id),
      ),
    )
    const present = new Set(found.map((t) => t.id))
    const removed = ids.filter((id) => !present.has(id))
    await writeDocuments(indexName, removed, documents)
    const target = rebuilding
    if (target) await writeDocuments(target, removed, documents)
  }

  async function search(_sql: Sql, query: SearchQuery): Promise<SearchResult> {
    const text = query.text.trim()
    const response = await threads().search(text || null, {
      filter: filterExpression(query.filters),
      sort: query.sort === 'newest' ? ['lastPostedAt:desc'] : undefined,
      offset: (query.page - 1) * query.perPage,
      // One more than a page tells whether a next page exists without counting every match.
      limit: query.perPage + 1,
      // Every word must match, as in the Postgres engine; Meilisearch reads quoted phrases and -words itself.
      matchingStrategy: 'all',
      attributesToHighlight: ['title', 'question', 'accepted', 'replies'],
      attributesToCrop: ['question', 'accepted', 'replies'],
      cropLength,
      cropMarker: '…',
      highlightPreTag: markStart,
      highlightPostTag: markEnd,
      showMatchesPosition: true,
    })
    return {
      hits: response.hits.slice(0, query.perPage).map(toSearchHit),
      more: response.hits.length > query.perPage,
      // Meilisearch forgives typos while searching and never rewrites the query it reports.
      correctedText: null,
    }
  }

  async function suggest(_sql: Sql, title: string, limit: number, readableBy: readonly Readability[] = publicOnly): Promise<Suggestion[]> {
    const text = title.trim()
    if (!text || limit <= 0) return []
    const response = await threads().search(text, {
      attributesToSearchOn: ['title', 'question'],
      // A title being typed is unfinished: threads that share only its first words still help.
      matchingStrategy: 'last',
      filter: readableFilter(readableBy),
      limit,
      attributesToRetrieve: ['id', 'title', 'slug', 'kind', 'solved', 'ideaStatus', 'accepted'],
    })
    return response.hits.map((hit) => ({
      threadId: hit.id,
      title: hit.title,
      slug: hit.slug,
      kind: hit.kind,
      solved: hit.solved,
      ideaStatus: hit.ideaStatus,
      acceptedExcerpt: hit.solved ? firstLine(hit.accepted) : null,
    }))
  }

  async function fill(sql: Sql, uid: string, progress: (done: number, total: number) => void): Promise<void> {
    const total = await countSearchablePosts(sql)
    let done = 0
    progress(done, total)
    for await (const { ids } of allThreadIds(sql, batchSize)) {
      const found = await readThreads(sql, ids)
      const posts = await readThreadPosts(
        sql,
        found.map((t) => t.id),
      )
      await writeDocuments(uid, [], buildThreadDocuments(found, posts))
      done += posts.length
      progress(Math.min(done, total), total)
    }
  }

  async function reindex(sql: Sql, progress: (done: number, total: number) => void): Promise<void> {
    const fresh = `${indexName}_tmp_${Date.now()}`
    await ensureIndex(indexName)
    await ensureIndex(fresh)
    rebuilding = fresh
    try {
      await applySettings(fresh)
      await fill(sql, fresh, progress)
      // The swap is atomic: searches read the old index until it lands, the new one after.
      await settle(client.swapIndexes([{ indexes: [indexName, fresh], rename: false }]))
    } catch (error) {
      rebuilding = null
      await client.deleteIndex(fresh).catch(() => undefined)
      throw error
    }
    rebuilding = null
    // After the swap `fresh` names the old documents.
    await settle(client.deleteIndex(fresh), ['index_not_found'])
  }

  async function health(): Promise<EngineHealth> {
    try {
      const { status } = await client.health()
      return status === 'available' ? { ok: true } : { ok: false, detail: `Meilisearch status: ${String(status)}` }
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) }
    }
  }

  return {
    name: 'meilisearch',
    async setup() {
      await ensureIndex(indexName)
      await applySettings(indexName)
    },
    update,
    search,
    suggest,
    reindex,
    health,
    // The client holds no connections of its own (it uses fetch): nothing to close.
    async close() {},
  }
}

/** The threads a change touches: those named, those holding the posts named, and those in the categories named. */
async function affectedThreadIds(sql: Sql, change: IndexChange): Promise<number[]> {
  const ids = new Set([...change.threadIds, ...(await threadIdsInCategories(sql, change.categoryIds))])
  if (change.postIds.length) {
    const rows = await sql<Array<{ threadId: number }>>`select thread_id from posts where id = any(${change.postIds}::bigint[])`
    for (const row of rows) ids.add(row.threadId)
  }
  return [...ids]
}

function toSearchHit(hit: Hit<ThreadDocument>): SearchHit {
  const formatted = hit._formatted as Record<string, unknown> | undefined
  const { postNumber, snippet } = bestSnippet({
    document: hit,
    formatted,
    matches: hit._matchesPosition as Partial<Record<string, MatchBounds[]>> | undefined,
  })
  const title = typeof formatted?.title === 'string' ? formatted.title : hit.title
  return {
    threadId: hit.id,
    title: hit.title,
    titleMarked: toSnippet(title),
    slug: hit.slug,
    kind: hit.kind,
    categoryId: hit.categoryId,
    solved: hit.solved,
    ideaStatus: hit.ideaStatus,
    authorId: hit.authorId,
    createdAt: fromUnixSeconds(hit.createdAt),
    lastPostedAt: fromUnixSeconds(hit.lastPostedAt),
    replyCount: hit.replyCount,
    postNumber,
    snippet,
  }
}

function sameItems(current: unknown, wanted: string[], ordered: boolean): boolean {
  if (!Array.isArray(current) || current.length !== wanted.length) return false
  if (!current.every((item) => typeof item === 'string')) return false
  const [a, b] = ordered ? [current, wanted] : [[...current].sort(), [...wanted].sort()]
  return a.every((item, i) => item === b[i])
}

/** Whether an index already has our settings, so that starting many processes does not queue a settings task each. */
export function settingsMatch(current: Settings): boolean {
  const wanted = threadIndexSettings
  return (
    sameItems(current.searchableAttributes, wanted.searchableAttributes, true) &&
    sameItems(current.rankingRules, wanted.rankingRules, true) &&
    sameItems(current.filterableAttributes, wanted.filterableAttributes, false) &&
    sameItems(current.sortableAttributes, wanted.sortableAttributes, false) &&
    current.typoTolerance?.enabled === true
  )
}
