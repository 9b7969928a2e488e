import type { Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import { readableCategories, type Actor } from '../policy.server'

/** What the new-thread form offers: every category the writer reads, with the kinds it takes, and the one asked for. */
export async function getNewThreadPage(sql: Sql, actor: Actor, wantedCategory: string | null) {
  const list = readableCategories(actor, await categories.listCategories(sql))
  return {
    categories: list.map(({ slug, name, allowedKinds, defaultKind }) => ({ slug, name, allowedKinds, defaultKind })),
    selected: list.find((c) => c.slug === wantedCategory)?.slug ?? '',
  }
}
