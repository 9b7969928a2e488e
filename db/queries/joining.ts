import type { Db } from '../client'
import { notDeleted } from '../visibility'

/* Invitations admins send, and accounts waiting for an admin's approval. */

export interface InvitationRow {
  id: number
  email: string
  invitedBy: number | null
  createdAt: Date
  expiresAt: Date
  usedAt: Date | null
  usedBy: number | null
  revokedAt: Date | null
}

export async function insertInvitation(
  sql: Db,
  invitation: { email: string; invitedBy: number; lifetimeSeconds: number },
): Promise<InvitationRow> {
  const [row] = await sql<InvitationRow[]>`
    insert into invitations (email, invited_by, expires_at)
    values (${invitation.email}, ${invitation.invitedBy}, now() + make_interval(secs => ${invitation.lifetimeSeconds}))
    returning *`
  return row
}

export async function findInvitation(sql: Db, id: number): Promise<InvitationRow | undefined> {
  const [row] = await sql<InvitationRow[]>`select * from invitations where id = ${id}`
  return row
}

/** The row locked until the caller's transaction ends: two sign-ups with one link take turns. */
export async function lockInvitation(sql: Db, id: number): Promise<InvitationRow | undefined> {
  const [row] = await sql<InvitationRow[]>`select * from invitations where id = ${id} for update`
  return row
}

export async function markInvitationUsed(sql: Db, id: number, userId: number): Promise<void> {
  await sql`update invitations set used_at = now(), used_by = ${userId} where id = ${id} and used_at is null`
}

/** Revokes an invitation not used yet; nothing when it was used or revoked already. */
export async function revokeInvitation(sql: Db, id: number): Promise<InvitationRow | undefined> {
  const [row] = await sql<InvitationRow[]>`
    update invitations set revoked_at = now() where id = ${id} and used_at is null and revoked_at is null returning *`
  return row
}

/** Revokes the unused invitations to an address, whatever its case: a new one replaces them. */
export async function revokeOpenInvitationsTo(sql: Db, email: string): Promise<number> {
  const rows = await sql`
    update invitations set revoked_at = now()
    where lower(email) = lower(${email}) and used_at is null and revoked_at is null
    returning id`
  return rows.length
}

export interface OpenInvitation {
  id: number
  email: string
  invitedByUsername: string | null
  createdAt: Date
  expiresAt: Date
}

/** Invitations neither used nor revoked (expired ones too, so admins see they lapsed), newest first. */
export async function listOpenInvitations(sql: Db, limit: number): Promise<OpenInvitation[]> {
  return sql<OpenInvitation[]>`
    select i.id, i.email, u.username as invited_by_username, i.created_at, i.expires_at
    from invitations i left join users u on u.id = i.invited_by
    where i.used_at is null and i.revoked_at is null
    order by i.created_at desc, i.id desc
    limit ${limit}`
}

export interface PendingAccount {
  id: number
  username: string
  email: string
  createdAt: Date
  emailVerifiedAt: Date | null
}

/** Accounts waiting for an admin's approval, those waiting longest first. */
export async function listAccountsAwaitingApproval(sql: Db, limit: number): Promise<PendingAccount[]> {
  return sql<PendingAccount[]>`
    select id, username, email, created_at, email_verified_at from users
    where approval_pending_since is not null and ${notDeleted(sql, 'users')}
    order by approval_pending_since, id
    limit ${limit}`
}

/** The account, locked, if it still waits for approval. */
export async function lockAccountAwaitingApproval(sql: Db, id: number): Promise<PendingAccount | undefined> {
  const [row] = await sql<PendingAccount[]>`
    select id, username, email, created_at, email_verified_at from users
    where id = ${id} and approval_pending_since is not null and ${notDeleted(sql, 'users')}
    for no key update`
  return row
}

export async function approveAccount(sql: Db, id: number): Promise<void> {
  await sql`update users set approval_pending_since = null where id = ${id}`
}
