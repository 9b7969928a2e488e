import { it } from 'vitest'

import { searchContract } from './contract'
import { createMeilisearchEngine } from './meilisearch'

const url = process.env.MEILISEARCH_URL

if (url) {
  searchContract('Meilisearch', () =>
    createMeilisearchEngine({
      url,
      apiKey: process.env.MEILISEARCH_API_KEY,
      // Each run gets its own index, so runs and workers never see one another's threads.
      indexName: `threads_test_${process.pid}_${Date.now()}`,
    }),
  )
} else {
  it.skip('Meilisearch engine contract (skipped: set MEILISEARCH_URL to a Meilisearch server to run it)', () => {})
}
