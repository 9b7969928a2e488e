import { z } from 'zod'

import { roles, type Role } from '../roles'

/* People in administration: the list's filters (a plain GET form, so every view has an address) and the role form. Client-safe. */

export const peopleSortLabels = {
  joined: 'Newest members',
  lastSeen: 'Last seen',
  posts: 'Most posts',
  reputation: 'Highest reputation',
} as const
export type PeopleSortName = keyof typeof peopleSortLabels
const sortNames = Object.keys(peopleSortLabels) as [PeopleSortName, ...PeopleSortName[]]

export const roleLabels: Record<Role, string> = { member: 'Member', product: 'Product team', staff: 'Staff', admin: 'Admin' }

export const trustLabels = { new: 'New (posts held for review)', trusted: 'Trusted' } as const
const trustNames = ['new', 'trusted'] as const

export const suspendedLabels = { yes: 'Suspended now', no: 'Not suspended' } as const

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
