/** Types the database stores and every layer above reads. `db/` imports nothing from `app/`. */

export const roles = ['member', 'product', 'staff', 'admin'] as const
export type Role = (typeof roles)[number]
