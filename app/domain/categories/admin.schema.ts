import { z } from 'zod'

import { readabilities, threadKinds } from '../../../db/types'
import { idParam } from '../threads/thread.schema'
import { kindLabels } from '../threads/thread.terms'
import { categorySlug, kindFields, MAX_CATEGORY_DESCRIPTION, MAX_CATEGORY_NAME, MAX_CATEGORY_SLUG } from './admin.terms'
import { hexColour } from './colour'

/* The forms of /admin/categories, read by the intents. */

const checkbox = z
  .string()
  .optional()
  .transform((v) => v !== undefined && v !== 'off')

/** A category named by the id a form carries. A malformed one names none: the domain answers "not found". */
const categoryId = idParam.catch(0)

const detailFields = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Give the category a name.')
      .max(MAX_CATEGORY_NAME, `A name can have at most ${MAX_CATEGORY_NAME} characters.`),
    // Empty: made from the name.
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .max(MAX_CATEGORY_SLUG, `An address can have at most ${MAX_CATEGORY_SLUG} characters.`)
      .refine((v) => v === '' || categorySlug.test(v), 'Use lower-case letters, digits and single dashes, e.g. billing-and-plans.')
      .optional()
      .transform((v) => v || undefined),
    description: z
      .string()
      .trim()
      .max(MAX_CATEGORY_DESCRIPTION, `A description can have at most ${MAX_CATEGORY_DESCRIPTION} characters.`)
      .optional()
      .transform((v) => v ?? ''),
    color: z.string().trim().toLowerCase().regex(hexColour, 'Enter a colour as # and six hex digits, e.g. #4f46e5.'),
    allowQuestion: checkbox,
    allowDiscussion: checkbox,
    allowIdea: checkbox,
    defaultKind: z.enum(threadKinds, { message: 'Pick the kind a new thread starts as.' }),
  })
  .superRefine((form, ctx) => {
    const allowed = threadKinds.filter((kind) => form[kindFields[kind]])
    if (allowed.length === 0) ctx.addIssue({ code: 'custom', path: ['allowedKinds'], message: 'Allow at least one kind of thread.' })
    else if (!allowed.includes(form.defaultKind)) {
      const label = kindLabels[form.defaultKind].toLowerCase()
      ctx.addIssue({ code: 'custom', path: ['defaultKind'], message: `The default must be one of the kinds allowed: ${label}s are not.` })
    }
  })
  .transform(({ allowQuestion: _q, allowDiscussion: _d, allowIdea: _i, ...form }) => ({
    ...form,
    allowedKinds: threadKinds.filter((kind) => ({ question: _q, discussion: _d, idea: _i })[kind]),
  }))

export type CategoryDetails = z.output<typeof detailFields>

export const createCategorySchema = detailFields
export const editCategorySchema = z.intersection(z.object({ categoryId }), detailFields)
export const categoryRefSchema = z.object({ categoryId })
export const moveCategorySchema = z.object({ categoryId, direction: z.enum(['up', 'down'], { message: 'Move it up or down.' }) })
export const archiveCategorySchema = z.object({
  categoryId,
  archived: z.enum(['on', 'off'], { message: 'Archive or unarchive it.' }).transform((v) => v === 'on'),
})
export const mergeCategorySchema = z.object({ categoryId, into: idParam.catch(0) })
export const readabilitySchema = z.object({
  categoryId,
  readableBy: z.enum(readabilities, { message: 'Pick who may read the category from the list.' }),
})
