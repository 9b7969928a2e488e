/** Roles, and which of them speak for the company. Client-safe: components label people with it. */

import type { Role } from '../../db/types'

export { roles, type Role } from '../../db/types'

/** Moderators: staff and admins. */
export const staffRoles: readonly Role[] = ['staff', 'admin']

export function isStaffRole(role: string | null | undefined): boolean {
  return staffRoles.includes(role as Role)
}
