import type { Db, Sql } from '../../../db/client'
import { findCategoryBySlug, listCategories } from '../../../db/queries/categories'
import * as searchLog from '../../../db/queries/search-log'
import { findUserByUsername } from '../../../db/queries/users'
import { closedStatuses } from '../../../db/types'
import type { SearchEngine, SearchFilters, SearchHit, Suggestion } from '../../../search/port'
import { statusLabels } from '../ideas/idea.terms'
import { authorize, can, readableCategories, readsAt, type Actor } from '../policy.server'
import { getSettings } from '../settings/settings.server'
import { MAX_QUERY, searchParams, type SearchParams } from './search.schema'

/*
 * Search as readers use it: the search page, suggestions while a question
 * is typed, and the record of what people looked for. The engine answers;
 * this module turns a page's address into a query, names what the engine
 * returns by id, and records each search.
 */

const PER_PAGE = 20
const nothingFound = { searched: false, hits: [], more: false, correctedText: null }

export interface SearchContext {
  sql: Sql
  engine: SearchEngine
}

/** The search page: the query as understood, its results, and what the filters may be set to. */
export async function searchPage({ sql, engine }: SearchContext, actor: Actor, raw: Record<string, string>) {
  const parsed = searchParams.safeParse(raw)
  const categories = readableCategories(actor, await listCategories(sql))
  const choices = {
    categories: categories.map((c) => ({ slug: c.slug, name: c.name })),
    statusLabels,
    canSeeMisses: can(actor, 'search:misses'),
  }
  if (!parsed.success) {
    // Only the query itself can be refused (too long to be one); the page says so and shows the form again.
    const params = searchParams.parse({ ...raw, q: '' })
    return {
      ...choices,
      params: { ...params, q: raw.q?.slice(0, MAX_QUERY) ?? '' },
      error: parsed.error.issues[0].message,
      ...nothingFound,
    }
  }
  const params = parsed.data
  const [category, author] = await Promise.all([
    params.category ? findCategoryBySlug(sql, params.category) : undefined,
    params.author ? findUserByUsername(sql, params.author) : undefined,
  ])
  const base = { ...choices, params, error: null }
  if (!params.q) return { ...base, ...nothingFound }
  // An unknown author or category (or one the reader may not read) matches nothing, rather than being ignored.
  const unknown = (params.category && (!category || !can(actor, 'category:see', category))) || (params.author && !author)
  const filters: SearchFilters = {
    readableBy: readsAt(actor),
    categoryId: category?.id,
    kind: params.kind,
    solved: params.solved === undefined ? undefined : params.solved === 'yes',
    ideaStatus: params.status,
    authorId: author?.id,
    from: params.from,
    to: params.to,
  }
  const result = unknown
    ? { hits: [] as SearchHit[], more: false, correctedText: null }
    : await engine.search(sql, { text: params.q, filters, sort: params.sort, page: params.page, perPage: PER_PAGE })
  const names = await namesFor(sql, result.hits, categories)
  await recordSearch(sql, actor, params, result.hits.length + (params.page - 1) * PER_PAGE)
  return {
    ...base,
    searched: true,
    hits: result.hits.map((hit) => ({ ...hit, ...names(hit) })),
    more: result.more,
    correctedText: result.correctedText,
  }
}

async function namesFor(sql: Db, hits: SearchHit[], categories: Array<{ id: number; slug: string; name: string }>) {
  const authorIds = [...new Set(hits.map((h) => h.authorId))]
  const users = authorIds.length
    ? await sql<Array<{ id: number; username: string }>>`select id, username from users where id = any(${authorIds}::bigint[])`
    : []
  const usernames = new Map(users.map((u) => [u.id, u.username]))
  const byId = new Map(categories.map((c) => [c.id, c]))
  return (hit: SearchHit) => ({
    authorUsername: usernames.get(hit.authorId) ?? 'someone',
    categoryName: byId.get(hit.categoryId)?.name ?? '',
    categorySlug: byId.get(hit.categoryId)?.slug ?? '',
  })
}

/**
 * Records a search for "what people could not find". Results update as a
 * reader types, so a query that extends the same reader's search of a few
 * seconds ago replaces it: "pass", "passw", "password" is one search.
 */
async function recordSearch(sql: Sql, actor: Actor, params: SearchParams, results: number) {
  if (params.page > 1) return
  const filters = Object.fromEntries(
    Object.entries({ ...params, q: undefined, page: undefined, sort: undefined }).filter(([, v]) => v !== undefined),
  )
  await searchLog.recordSearch(sql, { query: params.q, filters, results, userId: actor?.id ?? null })
}

/** What a new question's title resembles: answered threads first, then the rest, and open ideas on their own. */
export async function similarThreads({ sql, engine }: SearchContext, actor: Actor, title: string) {
  const text = title.trim().slice(0, 200)
  if (text.length < 4) return { answered: [], others: [], ideas: [] }
  const found = await engine.suggest(sql, text, 8, readsAt(actor))
  const isOpenIdea = (s: Suggestion) => s.kind === 'idea' && !(s.ideaStatus && closedStatuses.includes(s.ideaStatus))
  return {
    answered: found.filter((s) => s.solved).slice(0, 4),
    others: found.filter((s) => !s.solved && s.kind !== 'idea').slice(0, 4),
    ideas: found.filter(isOpenIdea).slice(0, 3),
  }
}

/** Searches that found nothing in the last 30 days, most asked first: for staff. */
export async function searchMisses(sql: Sql, actor: Actor) {
  authorize(actor, 'search:misses')
  return searchLog.listMisses(sql, 30, 100)
}

/** Deletes searches older than the community's retention setting. */
export async function pruneSearchLog(sql: Sql) {
  const { searchLogRetentionDays } = await getSettings(sql)
  return searchLog.deleteOlderThan(sql, searchLogRetentionDays)
}
