import type { Db } from '../client'
import type { ThreadKind } from '../types'

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
}

export async function listCategories(sql: Db): Promise<CategoryRow[]> {
  return sql<CategoryRow[]>`select * from categories order by position, name`
}

export async function findCategoryBySlug(sql: Db, slug: string): Promise<CategoryRow | undefined> {
  const [row] = await sql<CategoryRow[]>`select * from categories where slug = ${slug}`
  return row
}

export async function findCategoryById(sql: Db, id: number): Promise<CategoryRow | undefined> {
  const [row] = await sql<CategoryRow[]>`select * from categories where id = ${id}`
  return row
}

export async function insertCategory(
  sql: Db,
  category: Pick<CategoryRow, 'slug' | 'name' | 'description' | 'position' | 'allowedKinds' | 'defaultKind'>,
): Promise<CategoryRow> {
  const [row] = await sql<CategoryRow[]>`
    insert into categories (slug, name, description, position, allowed_kinds, default_kind)
    values (${category.slug}, ${category.name}, ${category.description}, ${category.position},
            ${category.allowedKinds}, ${category.defaultKind})
    returning *`
  return row
}

export async function addCategoryCounts(sql: Db, categoryId: number, threads: number, posts: number): Promise<void> {
  await sql`
    update categories set thread_count = thread_count + ${threads}, post_count = post_count + ${posts}
    where id = ${categoryId}`
}
