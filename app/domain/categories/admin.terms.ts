/* Categories' vocabulary (address shape, length limits, the kinds' form fields) that /admin/categories in the browser needs, kept free of zod so the browser never downloads it. */

import type { ThreadKind } from '../../../db/types'

export const categorySlug = /^[a-z0-9]+(-[a-z0-9]+)*$/
export const MAX_CATEGORY_NAME = 60
export const MAX_CATEGORY_SLUG = 60
export const MAX_CATEGORY_DESCRIPTION = 300

/** Each kind's checkbox: a form sends one field per kind it allows. */
export const kindFields = { question: 'allowQuestion', discussion: 'allowDiscussion', idea: 'allowIdea' } as const satisfies Record<
  ThreadKind,
  string
>
