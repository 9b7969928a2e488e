import type { Sql } from '../db/client'
import type { UploadStore } from './port'
import { createPostgresStore } from './postgres'

export type { UploadStore } from './port'

/** The store the configuration names: the forum's PostgreSQL by default. */
export function createUploadStore(_env: { S3_URL?: string }, sql: Sql): UploadStore {
  return createPostgresStore(sql)
}
