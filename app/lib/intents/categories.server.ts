import {
  archiveCategorySchema,
  categoryRefSchema,
  createCategorySchema,
  editCategorySchema,
  mergeCategorySchema,
  moveCategorySchema,
  readabilitySchema,
} from '../../domain/categories/admin.schema'
import {
  archiveCategory,
  createCategory,
  deleteCategory,
  editCategory,
  mergeCategory,
  moveCategory,
} from '../../domain/categories/admin.server'
import { readabilityLabels } from '../../domain/categories/readability'
import { setCategoryReadability } from '../../domain/categories/readability.server'
import { intent } from '../intents.server'

/** The forms of /admin/categories; each names the one domain function it calls. The category is a field of the form. */
export const categoryAdminIntents = {
  create: intent(createCategorySchema, async ({ sql, actor }, input) => {
    const created = await createCategory(sql, actor, input)
    return { message: `Created “${created.name}” at /c/${created.slug}.`, categoryId: created.id }
  }),
  edit: intent(editCategorySchema, async ({ sql, actor }, { categoryId, ...input }) => {
    const saved = await editCategory(sql, actor, categoryId, input)
    return { message: saved.changed ? `Saved “${saved.name}”.` : 'Nothing changed.', categoryId }
  }),
  move: intent(moveCategorySchema, async ({ sql, actor }, { categoryId, direction }) => {
    const moved = await moveCategory(sql, actor, categoryId, direction)
    return {
      message: moved.changed
        ? `Moved “${moved.name}” ${direction}.`
        : `“${moved.name}” is ${direction === 'up' ? 'first' : 'last'} already.`,
      categoryId,
    }
  }),
  readability: intent(readabilitySchema, async ({ sql, actor }, { categoryId, readableBy }) => {
    const changed = await setCategoryReadability(sql, actor, categoryId, readableBy)
    return {
      message: changed ? `Saved: ${readabilityLabels[readableBy]} read the category and its threads.` : 'Nothing changed.',
      categoryId,
    }
  }),
  archive: intent(archiveCategorySchema, async ({ sql, actor }, { categoryId, archived }) => {
    const done = await archiveCategory(sql, actor, categoryId, archived)
    const state = archived ? 'archived: read-only' : 'open to new threads and replies'
    return { message: done.changed ? `“${done.name}” is ${state}.` : `“${done.name}” was ${state} already.`, categoryId }
  }),
  merge: intent(mergeCategorySchema, async ({ sql, actor }, { categoryId, into }) => {
    const merged = await mergeCategory(sql, actor, categoryId, into)
    return {
      message: `Merged “${merged.name}” into “${merged.into.name}”: ${merged.threads} threads moved, and /c/ links to it lead there.`,
      categoryId: null,
    }
  }),
  delete: intent(categoryRefSchema, async ({ sql, actor }, { categoryId }) => {
    const deleted = await deleteCategory(sql, actor, categoryId)
    return { message: `Deleted “${deleted.name}”.`, categoryId: null }
  }),
}
