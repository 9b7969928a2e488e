import type { Db } from '../client'
import type { Role } from '../types'
import { notDeleted, notHeld } from '../visibility'

export interface UserRow {
  id: number
  username: string
  /** Null only on a deleted account (see 0019_account_data.sql): no session reaches it, and signing in as it fails. */
  email: string
  passwordHash: string
  role: Role
  createdAt: Date
  suspendedUntil: Date | null
  suspendedReason: string | null
  /** Null until the member confirms the address: no notification mail goes to it before. */
  emailVerifiedAt: Date | null
  /** The profile's optional plain-text fields. */
  displayName: string | null
  bio: string | null
  avatar: string | null
  /** Set on a deleted account's anonymous tombstone. */
  deletedAt: Date | null
  /** Set while the account waits for an admin's approval (see app/domain/joining). */
  approvalPendingSince: Date | null
  /** The account joined with an address at a listed domain: it posts once the address is confirmed. */
  postsNeedConfirmedAddress: boolean
  guidelinesAcceptedAt: Date | null
}

/**
 * `trusted`: created by an operator or staff tool, not a newcomer from the join form.
 * The rest is how the join form admitted them (see app/domain/joining).
 */
export async function insertUser(
  sql: Db,
  user: {
    username: string
    email: string
    passwordHash: string
    role: Role
    trusted?: boolean
    emailVerified?: boolean
    approvalPending?: boolean
    postsNeedConfirmedAddress?: boolean
    guidelinesAccepted?: boolean
  },
): Promise<UserRow> {
  const now = (yes: boolean | undefined) => (yes ? sql`now()` : null)
  const [row] = await sql<UserRow[]>`
    insert into users (username, email, password_hash, role, trusted_at, email_verified_at,
                       approval_pending_since, posts_need_confirmed_address, guidelines_accepted_at)
    values (${user.username}, ${user.email}, ${user.passwordHash}, ${user.role}, ${now(user.trusted)}, ${now(user.emailVerified)},
            ${now(user.approvalPending)}, ${user.postsNeedConfirmedAddress ?? false}, ${now(user.guidelinesAccepted)})
    returning *`
  return row
}

export async function findUserByUsername(sql: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`select * from users where lower(username) = lower(${username})`
  return row
}

export async function findUserById(sql: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`select * from users where id = ${id}`
  return row
}

/** The row locked until the caller's transaction ends. */
export async function lockUserById(sql: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`select * from users where id = ${id} for no key update`
  return row
}

/** Whether an account other than `exceptUserId` has this address, whatever its case. */
export async function emailTakenByOther(sql: Db, email: string, exceptUserId: number): Promise<boolean> {
  const [row] = await sql<{ exists: boolean }[]>`
    select exists (select 1 from users where lower(email) = lower(${email}) and id <> ${exceptUserId})`
  return row.exists
}

/** Sets the account's address, confirmed now (an address is set only once its owner proves they read it). */
export async function setConfirmedEmail(sql: Db, id: number, email: string): Promise<void> {
  await sql`update users set email = ${email}, email_verified_at = now() where id = ${id}`
}

/** The account using this address, whatever its case. */
export async function findUserByEmail(sql: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`select * from users where lower(email) = lower(${email})`
  return row
}

export async function updatePasswordHash(sql: Db, id: number, passwordHash: string): Promise<void> {
  await sql`update users set password_hash = ${passwordHash} where id = ${id}`
}

export async function findUserByLogin(sql: Db, login: string): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`
    select * from users where lower(username) = lower(${login}) or lower(email) = lower(${login})
    order by lower(username) = lower(${login}) desc limit 1`
  return row
}

export async function usernameOrEmailTaken(sql: Db, username: string, email: string) {
  const [row] = await sql<{ username: boolean; email: boolean }[]>`
    select exists (select 1 from users where lower(username) = lower(${username})) as username,
           exists (select 1 from users where lower(email) = lower(${email})) as email`
  return row
}

export async function updateUserRole(sql: Db, userId: number, role: Role): Promise<void> {
  await sql`update users set role = ${role} where id = ${userId}`
}

export async function countUsers(sql: Db): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from users`
  return row.count
}

/** What decides whether a member's posts wait for staff: their role and when they became trusted. */
export async function findTrust(sql: Db, id: number): Promise<{ role: Role; trustedAt: Date | null } | undefined> {
  const [row] = await sql<{ role: Role; trustedAt: Date | null }[]>`select role, trusted_at from users where id = ${id}`
  return row
}

/** Trusts a member once this many of their posts are public (approved, or written before holds). */
export async function trustAfterPublicPosts(sql: Db, userId: number, needed: number): Promise<boolean> {
  const rows = await sql`
    update users set trusted_at = now()
    where id = ${userId} and trusted_at is null
      and (select count(*) from posts p where p.author_id = ${userId} and ${notHeld(sql, 'p')} and ${notDeleted(sql, 'p')}) >= ${needed}
    returning id`
  return rows.length > 0
}
