import type { Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'

/** What the new-thread form offers: every category with the kinds it takes, and the one asked for. */
export async function getNewThreadPage(sql: Sql, wantedCategory: string | null) {
  const list = await categories.listCategories(sql)
  return {
    categories: list.map(({ slug, name, allowedKinds, defaultKind }) => ({ slug, name, allowedKinds, defaultKind })),
    selected: list.find((c) => c.slug === wantedCategory)?.slug ?? '',
  }
}
