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
  /** Its label's colour, `#rrggbb` in lower case. */
  color: string
  /** Set while the category is archived: read-only, listed as such. */
  archivedAt: Date | null
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

/** Every category's row, locked in position order, for changes that renumber them or read them whole. */
export async function lockCategories(sql: Db): Promise<CategoryRow[]> {
  return sql<CategoryRow[]>`select * from categories order by position, name, id for update`
}

/** Two categories' rows, locked in id order so two opposite merges cannot deadlock. */
export async function lockCategoriesById(sql: Db, ids: number[]): Promise<CategoryRow[]> {
  return sql<CategoryRow[]>`select * from categories where id = any(${ids}::bigint[]) order by id for update`
}

/** The category a former slug leads to now, with who reads it. */
export async function findCategoryRedirect(sql: Db, slug: string) {
  const [row] = await sql<{ slug: string; readableBy: Readability }[]>`
    select c.slug, c.readable_by from category_redirects r join categories c on c.id = r.category_id where r.slug = ${slug}`
  return row
}

/** Which category answers to a slug, as its current or a former one. */
export async function findSlugHolder(sql: Db, slug: string) {
  const [row] = await sql<{ id: number; name: string; former: boolean }[]>`
    select id, name, false as former from categories where slug = ${slug}
    union all
    select c.id, c.name, true from category_redirects r join categories c on c.id = r.category_id where r.slug = ${slug}
    limit 1`
  return row
}

export async function updateCategory(
  sql: Db,
  id: number,
  fields: Pick<CategoryRow, 'slug' | 'name' | 'description' | 'color' | 'allowedKinds' | 'defaultKind'>,
): Promise<CategoryRow> {
  const [row] = await sql<CategoryRow[]>`
    update categories set slug = ${fields.slug}, name = ${fields.name}, description = ${fields.description}, color = ${fields.color},
      allowed_kinds = ${fields.allowedKinds}, default_kind = ${fields.defaultKind}
    where id = ${id} returning *`
  return row
}

/** Gives the categories positions 0, 1, 2… in the order of `ids`. */
export async function setCategoryPositions(sql: Db, ids: number[]): Promise<void> {
  await sql`
    update categories c set position = o.position - 1
    from unnest(${ids}::bigint[]) with ordinality as o(id, position) where c.id = o.id`
}

export async function setCategoryArchived(sql: Db, id: number, archived: boolean): Promise<void> {
  await sql`update categories set archived_at = ${archived ? sql`now()` : null} where id = ${id}`
}

/** Makes `slug` lead to the category, taking it over from wherever it led before. */
export async function upsertCategoryRedirect(sql: Db, slug: string, categoryId: number): Promise<void> {
  await sql`
    insert into category_redirects (slug, category_id) values (${slug}, ${categoryId})
    on conflict (slug) do update set category_id = excluded.category_id, created_at = now()`
}

export async function deleteCategoryRedirect(sql: Db, slug: string): Promise<void> {
  await sql`delete from category_redirects where slug = ${slug}`
}

/** A merged category's former slugs lead to the category it went into. */
export async function moveCategoryRedirects(sql: Db, fromId: number, toId: number): Promise<void> {
  await sql`update category_redirects set category_id = ${toId} where category_id = ${fromId}`
}

/** The kinds of the threads a category holds, whatever their state (held, deleted, merged away). */
export async function listThreadKindsIn(sql: Db, categoryId: number): Promise<ThreadKind[]> {
  const rows = await sql<{ kind: ThreadKind }[]>`select distinct kind from threads where category_id = ${categoryId} order by kind`
  return rows.map((r) => r.kind)
}

/** Moves every thread of a category to another, read as the other is; returns their ids. */
export async function moveAllThreads(sql: Db, fromId: number, toId: number): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update threads set category_id = ${toId}, readable_by = (select readable_by from categories where id = ${toId})
    where category_id = ${fromId} returning id`
  return rows.map((r) => r.id)
}

/** A merged category's daily activity counts add to the other's, so the home page's "this week" stays right. */
export async function mergeCategoryActivity(sql: Db, fromId: number, toId: number): Promise<void> {
  await sql`
    insert into category_activity (category_id, day, threads, replies)
    select ${toId}, day, threads, replies from category_activity where category_id = ${fromId}
    on conflict (category_id, day) do update
      set threads = category_activity.threads + excluded.threads, replies = category_activity.replies + excluded.replies`
}

/** Members watching or muting a merged category do so for the other, unless they chose for it already. */
export async function mergeCategoryWatches(sql: Db, fromId: number, toId: number): Promise<void> {
  await sql`
    insert into category_watches (user_id, category_id, level)
    select user_id, ${toId}, level from category_watches where category_id = ${fromId}
    on conflict (user_id, category_id) do nothing`
}

/** Removes a category; its watches, activity and former slugs go with it. The caller checks it holds no threads. */
export async function deleteCategory(sql: Db, id: number): Promise<void> {
  await sql`delete from categories where id = ${id}`
}

export async function insertCategory(
  sql: Db,
  category: Pick<CategoryRow, 'slug' | 'name' | 'description' | 'position' | 'allowedKinds' | 'defaultKind'> & {
    readableBy?: Readability
    color?: string
  },
): Promise<CategoryRow> {
  const [row] = await sql<CategoryRow[]>`
    insert into categories (slug, name, description, position, allowed_kinds, default_kind, readable_by, color)
    values (${category.slug}, ${category.name}, ${category.description}, ${category.position},
            ${category.allowedKinds}, ${category.defaultKind}, ${category.readableBy ?? 'everyone'}, ${category.color ?? '#4f46e5'})
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

/** Every former slug and the category it leads to, oldest first. */
export async function listCategoryRedirects(sql: Db) {
  return sql<{ slug: string; categoryId: number }[]>`select slug, category_id from category_redirects order by created_at, slug`
}
