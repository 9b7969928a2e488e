import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../tests/database'
import { randomUpload, storeContract } from './contract'
import { createPostgresStore } from './postgres'

const db = setupTestDatabase()

storeContract('PostgreSQL', () => createPostgresStore(db.sql))

describe('the PostgreSQL store', () => {
  it('keeps one row for bytes put twice', async () => {
    const store = createPostgresStore(db.sql)
    const { bytes, hash } = randomUpload()
    await store.put(hash, bytes, 'image/png')
    await store.put(hash, bytes, 'image/png')
    const [{ count }] = await db.sql<{ count: number }[]>`select count(*)::int as count from upload_bytes where hash = ${hash}`
    expect(count).toBe(1)
  })
})
