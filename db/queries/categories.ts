import type { Db } from '../client'
import type { Readability, ThreadKind } from '../types'

export type { ThreadKind }

export interface CategoryRow {
  id: number
  slug: string
  name: string
  description: string
  position: number
  allowedKinds: ThreadKind[]
  defaultKind: ThreadKind
  threadCount: number
  postCount: number
  readableBy: Readability
  /**
   * What the reading statement saw (readLiveMark in outbox.ts): a list page
   * that reads its categories first takes its live mark from here rather
   * than spending a statement on it.
   */
  liveMark: string
}

export async function listCategories(sql: Db): Promise<CategoryRow[]> {
  return sql<CategoryRow[]>`select *, pg_current_snapshot()::text as live_mark from categories order by position, name`
}

export async function findCategoryBySlug(sql: Db, slug: string): Promise<CategoryRow | undefined> {
  const [row] = await sql<CategoryRow[]>`select *, pg_current_snapshot()::text as live_mark from categories where slug = ${slug}`
  return row
}

export async function findCategoryById(sql: Db, id: number): Promise<CategoryRow | undefined> {
  const [row] = await sql<CategoryRow[]>`select * from categories where id = ${id}`
  return row
}

export async function insertCategory(
  sql: Db,
  category: Pick<CategoryRow, 'slug' | 'name' | 'description' | 'position' | 'allowedKinds' | 'defaultKind'> & { readableBy?: Readability },
): Promise<CategoryRow> {
  const [row] = await sql<CategoryRow[]>`
    insert into categories (slug, name, description, position, allowed_kinds, default_kind, readable_by)
    values (${category.slug}, ${category.name}, ${category.description}, ${category.position},
            ${category.allowedKinds}, ${category.defaultKind}, ${category.readableBy ?? 'everyone'})
    returning *`
  return row
}

/** Changes who reads a category and its threads (each thread carries a copy); returns the threads' ids. */
export async function setCategoryReadability(sql: Db, id: number, readableBy: Readability): Promise<number[]> {
  await sql`update categories set readable_by = ${readableBy} where id = ${id}`
  const rows = await sql<{ id: number }[]>`
    update threads set readable_by = ${readableBy} where category_id = ${id} and readable_by <> ${readableBy} returning id`
  return rows.map((r) => r.id)
}

export async function addCategoryCounts(sql: Db, categoryId: number, threads: number, posts: number): Promise<void> {
  await sql`
    update categories set thread_count = thread_count + ${threads}, post_count = post_count + ${posts}
    where id = ${categoryId}`
}
