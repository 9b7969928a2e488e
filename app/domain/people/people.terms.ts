/* People's vocabulary (roles, trust, list orders and their labels) that the administration pages in the browser need, kept free of zod so the browser never downloads it. */

import type { Role } from '../roles'

export const peopleSortLabels = {
  joined: 'Newest members',
  lastSeen: 'Last seen',
  posts: 'Most posts',
  reputation: 'Highest reputation',
} as const
export type PeopleSortName = keyof typeof peopleSortLabels

export const roleLabels: Record<Role, string> = { member: 'Member', product: 'Product team', staff: 'Staff', admin: 'Admin' }

export const trustLabels = { new: 'New (posts held for review)', trusted: 'Trusted' } as const

export const suspendedLabels = { yes: 'Suspended now', no: 'Not suspended' } as const
