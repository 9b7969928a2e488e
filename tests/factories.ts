import { hashPassword } from '../app/domain/auth/password.server'
import type { Role, User } from '../app/domain/policy.server'
import { startThread } from '../app/domain/threads/write.server'
import type { Sql } from '../db/client'
import { insertCategory } from '../db/queries/categories'
import { insertUser } from '../db/queries/users'
import type { Readability } from '../db/types'

let counter = 0
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`

let sharedHash: Promise<string> | undefined
/** Every factory user signs in with this password; hashing once keeps tests fast. */
export const TEST_PASSWORD = 'correct horse battery'

/**
 * A user; trusted unless `trusted: false` (a newcomer from the join form,
 * whose first posts are held), with a confirmed address unless `emailVerified: false`.
 */
export async function makeUser(
  sql: Sql,
  overrides: { username?: string; role?: Role; trusted?: boolean; emailVerified?: boolean } = {},
): Promise<User> {
  const username = overrides.username ?? `user_${next()}`
  const passwordHash = await (sharedHash ??= hashPassword(TEST_PASSWORD))
  const row = await insertUser(sql, {
    username,
    email: `${username}@example.test`,
    passwordHash,
    role: overrides.role ?? 'member',
    trusted: overrides.trusted ?? true,
    emailVerified: overrides.emailVerified ?? true,
  })
  return { id: row.id, username: row.username, role: row.role }
}

export async function makeCategory(
  sql: Sql,
  overrides: {
    slug?: string
    name?: string
    allowedKinds?: Array<'question' | 'discussion' | 'idea'>
    defaultKind?: 'question' | 'discussion' | 'idea'
    readableBy?: Readability
  } = {},
) {
  const slug = overrides.slug ?? `cat-${next()}`
  const allowedKinds = overrides.allowedKinds ?? ['question', 'discussion']
  return insertCategory(sql, {
    slug,
    name: overrides.name ?? `Category ${slug}`,
    description: 'A category for tests',
    position: 0,
    allowedKinds,
    defaultKind: overrides.defaultKind ?? allowedKinds[0],
    readableBy: overrides.readableBy,
  })
}

export async function makeThread(sql: Sql, author: User, categorySlug: string, overrides: { title?: string; body?: string } = {}) {
  return startThread(sql, author, {
    category: categorySlug,
    title: overrides.title ?? `A thread about things ${next()}`,
    body: overrides.body ?? 'The opening post of a test thread.',
  })
}
