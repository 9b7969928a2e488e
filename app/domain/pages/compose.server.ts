import type { Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import { decide, readableCategories, type Actor } from '../policy.server'

/**
 * What the new-thread form offers: every category the writer reads, with the
 * kinds it takes, and the one asked for. Archived ones are listed as such,
 * and cannot be chosen.
 */
export async function getNewThreadPage(sql: Sql, actor: Actor, wantedCategory: string | null) {
  const list = readableCategories(actor, await categories.listCategories(sql)).map((c) => ({
    slug: c.slug,
    name: c.name,
    allowedKinds: c.allowedKinds,
    defaultKind: c.defaultKind,
    archived: c.archivedAt !== null,
  }))
  // Told before writing, not after: a new account waiting for its address or an admin, a suspended member.
  const decision = decide(actor, 'thread:create')
  return {
    refusal: decision.ok ? null : { reason: decision.reason, help: decision.help ?? null },
    categories: list,
    selected: list.find((c) => c.slug === wantedCategory && !c.archived)?.slug ?? '',
  }
}
