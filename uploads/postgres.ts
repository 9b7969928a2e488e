import type { Sql } from '../db/client'
import type { UploadStore } from './port'

/**
 * Bytes in the forum's own database (table upload_bytes): any number of
 * processes share them, and a database backup holds them with the posts
 * that show them.
 */
export function createPostgresStore(sql: Sql): UploadStore {
  return {
    kind: 'postgres',
    async put(hash, bytes) {
      await sql`insert into upload_bytes (hash, bytes) values (${hash}, ${bytes}) on conflict (hash) do nothing`
    },
    async get(hash) {
      const [row] = await sql<{ bytes: Buffer }[]>`select bytes from upload_bytes where hash = ${hash}`
      return row ? row.bytes : null
    },
    async delete(hash) {
      await sql`delete from upload_bytes where hash = ${hash}`
    },
    async ping() {
      await sql`select 1`
    },
    async close() {},
  }
}
