import { z } from 'zod'

import { roles } from '../roles'
import { peopleSortLabels, type PeopleSortName } from './people.terms'

/* People in administration: the list's filters (a plain GET form, so every view has an address) and the role form. */

const sortNames = Object.keys(peopleSortLabels) as [PeopleSortName, ...PeopleSortName[]]
const trustNames = ['new', 'trusted'] as const

/** An empty select or field is "any". */
const blankIsAbsent = <T>(value: T) => (value === '' ? undefined : value)
const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.enum(values), z.literal('')], { message })
    .optional()
    .transform((v) => blankIsAbsent(v) as T[number] | undefined)

export const peopleFilterSchema = z.object({
  q: z.string().trim().max(100, 'Search with at most 100 characters.').optional().transform(blankIsAbsent),
  role: choice(roles, 'Pick a role from the list.'),
  trust: choice(trustNames, 'Pick new or trusted.'),
  suspended: choice(['yes', 'no'] as const, 'Pick suspended or not.'),
  sort: choice(sortNames, 'Pick an order from the list.').transform((v) => v ?? 'joined'),
})
export type PeopleFilterInput = z.input<typeof peopleFilterSchema>

export const changeRoleSchema = z.object({
  role: z.enum(roles, { message: 'Pick a role from the list.' }),
})

/** An account's address at /admin/users/:username. A name no account can have (a deleted one's made-up name included) is a page that does not exist. */
export const usernameParam = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{1,29}$/)
