import { afterAll, beforeAll, inject } from 'vitest'

import type { Sql } from '../db/client'
import { openTestDatabase, type TestDatabase } from './template-databases'

/**
 * Gives the calling test file its own clean, migrated database. Use the
 * returned getter inside tests: the pool exists once beforeAll has run.
 */
export function setupTestDatabase(options: { onQuery?: (q: string) => void } = {}) {
  let db: TestDatabase | undefined
  beforeAll(async () => {
    db = await openTestDatabase(inject('adminUrl'), inject('template'), options)
  })
  afterAll(async () => {
    await db?.drop()
  })
  return {
    get sql(): Sql {
      if (!db) throw new Error('the test database is not open yet')
      return db.sql
    },
    get url(): string {
      return db!.url
    },
  }
}
