import { createSql } from '../db/client'

/** A database left by an earlier `--keep` run, seeded to at least this many threads. */
export async function isSeeded(url: string, threads: number): Promise<boolean> {
  const sql = createSql(url, { max: 1 })
  try {
    const [row] = await sql<{ count: number }[]>`select count(*)::int as count from threads`
    return row.count >= threads
  } catch {
    return false
  } finally {
    await sql.end()
  }
}
