import { createMeilisearchEngine } from './meilisearch'
import type { SearchEngine } from './port'
import { createPostgresEngine } from './postgres'

export type { SearchEngine } from './port'

/** The engine the configuration names: Meilisearch at MEILISEARCH_URL, else PostgreSQL full-text in the forum's database. */
export function createSearchEngine(
  env: { MEILISEARCH_URL?: string; MEILISEARCH_API_KEY?: string },
  options: { language?: () => string } = {},
): SearchEngine {
  if (env.MEILISEARCH_URL) return createMeilisearchEngine({ url: env.MEILISEARCH_URL, apiKey: env.MEILISEARCH_API_KEY })
  return createPostgresEngine(options)
}
