import type { Sql, Tx } from '../../../db/client'
import * as categories from '../../../db/queries/categories'
import type { CategoryRow } from '../../../db/queries/categories'
import { slugify } from '../../lib/urls'
import { recordStaffAction } from '../audit/audit.server'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { authorize, type Actor, type User } from '../policy.server'
import { kindLabels } from '../threads/thread.terms'
import type { CategoryDetails } from './admin.schema'
import { categorySlug } from './admin.terms'
import { labelContrastProblem } from './colour'

/*
 * Categories as admins run them: create, edit (name and address, description,
 * colour, kinds), reorder, archive, delete an empty one, merge one into
 * another. Each change is one transaction with its audit entries and one
 * event: pages listing categories (the home page, the new-thread form, every
 * thread page naming its category) revalidate from it, and a merge's event
 * has search index the moved threads again.
 *
 * A category's addresses stay stable: a renamed or merged-away category's
 * old slug is kept in category_redirects, and /c/<old> answers 301.
 */

const checkForm = (fields: Record<string, string>) => new DomainError('invalid', 'Please check the form.', fields)

const audit = (tx: Tx, user: User, action: string, id: number, detail: Record<string, unknown> = {}) =>
  recordStaffAction(tx, user, action, { type: 'category', id }, detail)

const changed = (tx: Tx, categoryId: number) => recordEvent(tx, { type: 'category:changed', categoryId })

/** The category row, locked, or "not found" for an id that names none. */
async function lockOne(tx: Tx, id: number): Promise<CategoryRow> {
  const [row] = await categories.lockCategoriesById(tx, [id])
  if (!row) throw new DomainError('not_found', 'That category does not exist (any more).')
  return row
}

/** The checks a category's details get beyond their form: a readable label, a free name and address. */
async function checkDetails(tx: Tx, input: CategoryDetails, self: CategoryRow | null) {
  const slug = input.slug ?? (self && self.name === input.name ? self.slug : slugify(input.name).slice(0, 60).replace(/-+$/, ''))
  const errors: Record<string, string> = {}
  const contrast = labelContrastProblem(input.color)
  if (contrast) errors.color = contrast
  if (!categorySlug.test(slug)) errors.slug = 'Give the category an address: lower-case letters, digits and single dashes.'
  const holder = await categories.findSlugHolder(tx, slug)
  if (holder && holder.id !== self?.id) {
    errors.slug = holder.former
      ? `/c/${slug} still leads to “${holder.name}”, which was called that before. Pick another address.`
      : `/c/${slug} is the address of “${holder.name}”. Pick another.`
  }
  if (Object.keys(errors).length) throw checkForm(errors)
  return { ...input, slug, formerOwn: holder?.id === self?.id && holder?.former === true }
}

/** A unique index can still refuse a slug another admin took a moment ago: a field error, never a 500. */
async function slugTakenAsFieldError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw checkForm({ slug: 'That address was just taken. Pick another.' })
    throw error
  }
}

const kindList = (kinds: readonly string[]) => kinds.map((k) => `${kindLabels[k as keyof typeof kindLabels].toLowerCase()}s`).join(', ')

/** A new category, last in the order, read by everyone until its readers are chosen. */
export async function createCategory(sql: Sql, actor: Actor, input: CategoryDetails) {
  const user = authorize(actor, 'category:edit')
  return slugTakenAsFieldError(() =>
    sql.begin(async (tx) => {
      const all = await categories.lockCategories(tx)
      const details = await checkDetails(tx, input, null)
      const created = await categories.insertCategory(tx, {
        slug: details.slug,
        name: details.name,
        description: details.description,
        color: details.color,
        allowedKinds: details.allowedKinds,
        defaultKind: details.defaultKind,
        position: all.reduce((max, c) => Math.max(max, c.position + 1), 0),
      })
      await audit(tx, user, 'category:created', created.id, { name: created.name, slug: created.slug, kinds: created.allowedKinds })
      await changed(tx, created.id)
      return { id: created.id, name: created.name, slug: created.slug }
    }),
  )
}

/**
 * Saves a category's details. Each aspect that changed is its own audit
 * entry (renamed, described, recoloured, kinds), so the log reads as what
 * was done. A new address keeps the old one leading here.
 */
export async function editCategory(sql: Sql, actor: Actor, categoryId: number, input: CategoryDetails) {
  const user = authorize(actor, 'category:edit')
  return slugTakenAsFieldError(() =>
    sql.begin(async (tx) => {
      const before = await lockOne(tx, categoryId)
      const details = await checkDetails(tx, input, before)
      const after = await categories.updateCategory(tx, categoryId, details)
      const entries: [string, Record<string, unknown>][] = []
      if (before.name !== after.name || before.slug !== after.slug) {
        entries.push(['category:renamed', { from: { name: before.name, slug: before.slug }, to: { name: after.name, slug: after.slug } }])
      }
      if (before.slug !== after.slug) {
        // Back to a slug it had before: that one is current again, not a redirect.
        if (details.formerOwn) await categories.deleteCategoryRedirect(tx, after.slug)
        await categories.upsertCategoryRedirect(tx, before.slug, categoryId)
      }
      if (before.description !== after.description)
        entries.push(['category:described', { from: before.description, to: after.description }])
      if (before.color !== after.color) entries.push(['category:colourChanged', { from: before.color, to: after.color }])
      if (before.allowedKinds.join() !== after.allowedKinds.join() || before.defaultKind !== after.defaultKind) {
        entries.push([
          'category:kindsChanged',
          {
            from: { kinds: before.allowedKinds, default: before.defaultKind },
            to: { kinds: after.allowedKinds, default: after.defaultKind },
          },
        ])
      }
      for (const [action, detail] of entries) await audit(tx, user, action, categoryId, detail)
      if (entries.length) await changed(tx, categoryId)
      return { changed: entries.length > 0, name: after.name }
    }),
  )
}

/** Moves a category one place up or down the order visitors see. */
export async function moveCategory(sql: Sql, actor: Actor, categoryId: number, direction: 'up' | 'down') {
  const user = authorize(actor, 'category:edit')
  return sql.begin(async (tx) => {
    const all = await categories.lockCategories(tx)
    const from = all.findIndex((c) => c.id === categoryId)
    if (from < 0) throw new DomainError('not_found', 'That category does not exist (any more).')
    const to = direction === 'up' ? from - 1 : from + 1
    if (to < 0 || to >= all.length) return { changed: false, name: all[from].name }
    const order = all.map((c) => c.id)
    ;[order[from], order[to]] = [order[to], order[from]]
    await categories.setCategoryPositions(tx, order)
    await audit(tx, user, 'category:moved', categoryId, { from: from + 1, to: to + 1 })
    await changed(tx, categoryId)
    return { changed: true, name: all[from].name }
  })
}

/** Archives a category (read-only: no new threads or replies, say the policy's rules) or opens it again. */
export async function archiveCategory(sql: Sql, actor: Actor, categoryId: number, archived: boolean) {
  const user = authorize(actor, 'category:edit')
  return sql.begin(async (tx) => {
    const category = await lockOne(tx, categoryId)
    if (Boolean(category.archivedAt) === archived) return { changed: false, name: category.name }
    await categories.setCategoryArchived(tx, categoryId, archived)
    await audit(tx, user, archived ? 'category:archived' : 'category:unarchived', categoryId)
    await changed(tx, categoryId)
    return { changed: true, name: category.name }
  })
}

/**
 * Deletes a category that never held a thread. One with threads (even
 * deleted, held or merged-away ones, whose rows and addresses remain) is
 * archived or merged instead, so no thread loses its category.
 */
export async function deleteCategory(sql: Sql, actor: Actor, categoryId: number) {
  const user = authorize(actor, 'category:edit')
  return sql.begin(async (tx) => {
    const category = await lockOne(tx, categoryId)
    const kinds = await categories.listThreadKindsIn(tx, categoryId)
    if (kinds.length) {
      throw new DomainError(
        'conflict',
        `“${category.name}” holds threads, so it cannot be deleted: archive it, or merge it into another category.`,
      )
    }
    await categories.deleteCategory(tx, categoryId)
    await audit(tx, user, 'category:deleted', categoryId, { name: category.name, slug: category.slug })
    await changed(tx, categoryId)
    return { name: category.name }
  })
}

/**
 * Merges a category into another: its threads move there (their /t/ URLs
 * have no category in them and keep working) and are read as the other is;
 * counts, daily activity and members' watches follow; its slug and former
 * slugs lead to the other; then it is removed. The other must allow every
 * kind of thread it receives.
 */
export async function mergeCategory(sql: Sql, actor: Actor, categoryId: number, intoId: number) {
  const user = authorize(actor, 'category:edit')
  return sql.begin(async (tx) => {
    if (intoId === categoryId) throw checkForm({ into: 'Pick another category, not this one.' })
    const rows = await categories.lockCategoriesById(tx, [categoryId, intoId])
    const from = rows.find((c) => c.id === categoryId)
    if (!from) throw new DomainError('not_found', 'That category does not exist (any more).')
    const into = rows.find((c) => c.id === intoId)
    if (!into) throw checkForm({ into: 'Pick one of the categories listed.' })
    const refused = (await categories.listThreadKindsIn(tx, categoryId)).filter((kind) => !into.allowedKinds.includes(kind))
    if (refused.length) throw checkForm({ into: `${into.name} takes no ${kindList(refused)}: allow them there first, or pick another.` })
    const moved = await categories.moveAllThreads(tx, categoryId, intoId)
    await categories.addCategoryCounts(tx, intoId, from.threadCount, from.postCount)
    await categories.mergeCategoryActivity(tx, categoryId, intoId)
    await categories.mergeCategoryWatches(tx, categoryId, intoId)
    await categories.moveCategoryRedirects(tx, categoryId, intoId)
    await categories.upsertCategoryRedirect(tx, from.slug, intoId)
    await categories.deleteCategory(tx, categoryId)
    await audit(tx, user, 'category:merged', categoryId, {
      name: from.name,
      slug: from.slug,
      into: intoId,
      intoName: into.name,
      intoSlug: into.slug,
      threads: moved.length,
    })
    await recordEvent(tx, { type: 'category:merged', categoryId, intoId })
    return { name: from.name, into: { name: into.name, slug: into.slug }, threads: moved.length }
  })
}
