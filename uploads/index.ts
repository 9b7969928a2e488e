import type { Sql } from '../db/client'
import type { UploadStore } from './port'
import { createPostgresStore } from './postgres'
import { createS3Store, parseS3Url } from './s3'

export type { UploadStore } from './port'

/** The store the configuration names: the bucket at S3_URL, else the forum's PostgreSQL. */
export function createUploadStore(env: { S3_URL?: string }, sql: Sql): UploadStore {
  if (env.S3_URL) return createS3Store(parseS3Url(env.S3_URL))
  return createPostgresStore(sql)
}
