import type { Sql } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import type { Readability } from '../../../db/types'
import { recordStaffAction } from '../audit/audit.server'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { authorize, type Actor } from '../policy.server'

/**
 * Changes who reads a category, and so every thread in it: lists, pages,
 * live rooms and search follow from the threads' copy, updated here in one
 * transaction with the audit entry and the event search re-indexes from.
 */
export async function setCategoryReadability(sql: Sql, actor: Actor, categoryId: number, readableBy: Readability): Promise<boolean> {
  const user = authorize(actor, 'category:edit')
  return sql.begin(async (tx) => {
    const category = await categories.findCategoryById(tx, categoryId)
    if (!category) throw new DomainError('not_found')
    if (category.readableBy === readableBy) return false
    const threads = await categories.setCategoryReadability(tx, categoryId, readableBy)
    await recordStaffAction(
      tx,
      user,
      'category:readabilityChanged',
      { type: 'category', id: categoryId },
      { from: category.readableBy, to: readableBy, threads: threads.length },
    )
    await recordEvent(tx, { type: 'category:readabilityChanged', categoryId, readableBy })
    return true
  })
}
