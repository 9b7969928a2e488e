import type { Db, Sql } from '../../../db/client'
import * as accountData from '../../../db/queries/account-data'
import * as auditLog from '../../../db/queries/audit'
import { forgetInsights } from '../../../db/queries/insight-snapshots'
import * as uploads from '../../../db/queries/uploads'
import * as users from '../../../db/queries/users'
import type { UploadStore } from '../../../uploads/port'
import { verifyPassword } from '../auth/password.server'
import { DomainError } from '../errors'
import { recordEvent, recordPostsChanged } from '../events'
import type { LimitSettings } from '../limits/limits'
import { renderPost } from '../markdown/pipeline.server'
import { authorize, type User } from '../policy.server'
import type { IncomingFile } from '../uploads/process.server'
import { createUpload, type UploadResult } from '../uploads/uploads.server'
import { validate } from '../validate'
import {
  adminDeleteAccountSchema,
  deleteAccountSchema,
  profileSchema,
  REMOVED_POST_NOTICE,
  type AdminDeleteAccountInput,
  type DeleteAccountInput,
  type ProfileInput,
} from './account.schema'
import { namePattern, scrubJson, scrubText } from './scrub'

/*
 * A member's own account data: the profile they show, a copy of everything
 * the forum holds about them, and deleting the account.
 */

/** Where copies of sent mail are kept (the file transport's `.eml` files); the SMTP transport keeps none. */
export interface MailCopies {
  /** Deletes every kept message addressed to this address; resolves to how many went. */
  forget(address: string): Promise<number>
}

export async function getProfileSettings(sql: Sql, actor: User | null) {
  const user = authorize(actor, 'account:editProfile', { userId: actor?.id ?? 0 })
  const fields = await accountData.findProfileFields(sql, user.id)
  if (!fields) throw new DomainError('unauthorized')
  return { displayName: fields.displayName ?? '', bio: fields.bio ?? '', avatar: fields.avatar }
}

/**
 * The member's picture, shown beside their name everywhere: an image through
 * the uploads pipeline (re-encoded without its metadata, cut square), under
 * the same quota and limits as any upload. The one it replaces is cleaned
 * up once nothing shows it.
 */
export async function changeAvatar(sql: Sql, store: UploadStore, actor: User, file: IncomingFile, limits?: LimitSettings) {
  authorize(actor, 'account:editProfile', { userId: actor.id })
  let upload: UploadResult
  try {
    upload = await createUpload(sql, store, actor, file, limits, 'avatar')
  } catch (error) {
    // The pipeline names the file it refused; on this form that is the picture field.
    if (error instanceof DomainError) throw new DomainError(error.code, error.message, { avatar: error.message })
    throw error
  }
  await setAvatar(sql, actor.id, upload.path)
  return upload.path
}

/** Back to initials. */
export async function removeAvatar(sql: Sql, actor: User) {
  authorize(actor, 'account:editProfile', { userId: actor.id })
  await setAvatar(sql, actor.id, null)
}

async function setAvatar(sql: Sql, userId: number, avatar: string | null) {
  await sql.begin(async (tx) => {
    await accountData.updateAvatar(tx, userId, avatar)
    // Every page showing their posts (thread pages in visitors' caches too) shows the new picture.
    await recordEvent(tx, { type: 'user:avatarChanged', userId })
  })
}

export async function updateProfile(sql: Sql, actor: User, input: ProfileInput) {
  authorize(actor, 'account:editProfile', { userId: actor.id })
  const profile = validate(profileSchema, input)
  await sql.begin(async (tx) => {
    await accountData.updateProfile(tx, actor.id, profile)
    // Visitors' copies of the profile page (the page cache, browsers revalidating) learn of the change.
    await recordEvent(tx, { type: 'user:profileChanged', userId: actor.id })
  })
  return profile
}

/**
 * Everything the forum holds about the member, as they may take it away:
 * their own rows only. Staff notes about their ideas and other people's
 * data are not theirs, so they are not here.
 */
export async function exportAccountData(sql: Db, actor: User | null, origin: string) {
  const user = authorize(actor, 'account:export', { userId: actor?.id ?? 0 })
  const data = await collectAccountData(sql, user.id, origin)
  if (!data) throw new DomainError('unauthorized')
  return data
}

/** The export's contents for one member, or null when the account is gone; uploads keep their hashes for the archive. */
export async function collectAccountData(sql: Db, userId: number, origin: string) {
  const account = await accountData.findAccountForExport(sql, userId)
  if (!account) return null
  const user = { id: userId }
  const [threads, posts, helpfulVotes, ideaVotes, meToos, notificationSettings, threadWatches, categoryWatches, searches, uploads] =
    await Promise.all([
      accountData.listOwnThreads(sql, user.id),
      accountData.listOwnPosts(sql, user.id),
      accountData.listOwnHelpfulVotes(sql, user.id),
      accountData.listOwnIdeaVotes(sql, user.id),
      accountData.listOwnMeToos(sql, user.id),
      accountData.listOwnNotificationSettings(sql, user.id),
      accountData.listOwnThreadWatches(sql, user.id),
      accountData.listOwnCategoryWatches(sql, user.id),
      accountData.listOwnSearches(sql, user.id),
      accountData.listOwnUploads(sql, user.id),
    ])
  return {
    exportedAt: new Date().toISOString(),
    profile: { ...account, avatar: account.avatar && `${origin}${account.avatar}` },
    threads: [...threads],
    posts: [...posts],
    helpfulVotes: [...helpfulVotes],
    ideaVotes: [...ideaVotes],
    meToos: [...meToos],
    notificationSettings: [...notificationSettings],
    watches: { threads: [...threadWatches], categories: [...categoryWatches] },
    searches: [...searches],
    uploads: uploads.map(({ hash, ext, name, size, createdAt, removedAt }) => ({
      name,
      url: `${origin}/uploads/${hash}.${ext}`,
      size,
      createdAt,
      removedAt,
    })),
  }
}

/**
 * Deletes the member's account at once, after their password. What names
 * them or is theirs alone goes; the row stays as an anonymous tombstone so
 * votes, "me too"s and posts keep pointing at one person and every count
 * stays right. With `removePosts`, their posts keep their places but show a
 * notice instead of their words, and their uploads nothing else shows go.
 */
export async function deleteAccount(
  sql: Sql,
  stores: { uploads: UploadStore; mailCopies: MailCopies },
  actor: User,
  input: DeleteAccountInput,
): Promise<{ postsRemoved: number }> {
  const { password, removePosts } = validate(deleteAccountSchema, input)
  const account = await users.findUserById(sql, actor.id)
  if (!account || !account.email || !account.passwordHash) throw new DomainError('unauthorized')
  if (!(await verifyPassword(account.passwordHash, password))) {
    throw new DomainError('invalid', 'Please check the form.', { password: 'That is not your password. Nothing was deleted.' })
  }
  return eraseWithData(sql, stores, account.id, removePosts, (row, otherAdmins) => {
    authorize(actor, 'account:delete', { userId: row.id, role: row.role, otherAdmins })
    return { actorId: row.id, detail: {} }
  })
}

/**
 * An admin deletes someone else's account, as its owner would (see
 * deleteAccount), without their password: the admin types the account's
 * username to show they mean this one. The last admin is never deleted.
 */
export async function deleteAccountAsAdmin(
  sql: Sql,
  stores: { uploads: UploadStore; mailCopies: MailCopies },
  actor: User,
  username: string,
  input: AdminDeleteAccountInput,
): Promise<{ postsRemoved: number }> {
  const { confirmUsername, removePosts } = validate(adminDeleteAccountSchema, input)
  const account = await users.findUserByUsername(sql, username)
  if (!account || account.deletedAt) throw new DomainError('not_found')
  return eraseWithData(sql, stores, account.id, removePosts, (row, otherAdmins) => {
    const admin = authorize(actor, 'user:delete', { userId: row.id, role: row.role, otherAdmins })
    if (confirmUsername.toLowerCase() !== row.username.toLowerCase())
      throw new DomainError('invalid', 'Please check the form.', {
        confirmUsername: `Type ${row.username} to confirm. Nothing was deleted.`,
      })
    return { actorId: admin.id, detail: { byAdmin: true } }
  })
}

/**
 * Deletes an account an admin refused at sign-up (see app/domain/joining),
 * as any deletion does. It wrote nothing while it waited, so only what
 * names it goes. `check` decides, with the account locked, that it still
 * waits for approval.
 */
export async function eraseRefusedAccount(
  sql: Sql,
  stores: { uploads: UploadStore; mailCopies: MailCopies },
  actorId: number,
  userId: number,
  check: (row: users.UserRow) => void,
): Promise<void> {
  await eraseWithData(sql, stores, userId, false, (row) => {
    check(row)
    return { actorId, detail: { byAdmin: true, refusedSignUp: true } }
  })
}

/**
 * The deletion itself, in one transaction: `check` decides, with the account
 * locked and the admins counted, whether it may go ahead, and who the audit
 * entry names. The entry says an account went, never whose: its id names
 * only the tombstone.
 */
async function eraseWithData(
  sql: Sql,
  stores: { uploads: UploadStore; mailCopies: MailCopies },
  userId: number,
  removePosts: boolean,
  check: (row: users.UserRow, otherAdmins: number) => { actorId: number; detail: Record<string, unknown> },
): Promise<{ postsRemoved: number }> {
  const notice = removePosts ? await renderPost(sql, REMOVED_POST_NOTICE) : ''
  const { postsRemoved, uploadsGone, email } = await sql.begin(async (tx) => {
    const admins = await accountData.lockActiveAdmins(tx)
    const row = await users.lockUserById(tx, userId)
    if (!row || !row.email || row.deletedAt) throw new DomainError('not_found')
    const audit = check(row, admins.filter((id) => id !== row.id).length)
    let postsRemoved = 0
    if (removePosts) {
      const posts = await accountData.lockOwnPosts(tx, row.id)
      await accountData.replacePostTexts(
        tx,
        posts.map((p) => p.id),
        REMOVED_POST_NOTICE,
        notice,
      )
      postsRemoved = posts.length
      // The replaced text is a new revision of each post.
      await recordPostsChanged(
        tx,
        posts.map((post) => ({ ...post, revision: post.revision + 1 })),
      )
    }
    await accountData.eraseAccount(tx, { id: row.id })
    // Their avatar, what they uploaded and never posted, and (with removePosts) what only their posts showed.
    const uploadsGone = await accountData.lockOwnUnreferencedUploads(tx, row.id)
    if (uploadsGone.length) await uploads.deleteUploads(tx, uploadsGone)
    await scrubAuditLog(tx, [row.username, row.email, row.displayName ?? ''])
    // Kept insights name members (top helpers, newcomers): they are computed again without this one.
    await forgetInsights(tx)
    await auditLog.insertAudit(tx, {
      actorId: audit.actorId,
      action: 'account:deleted',
      target: { type: 'user', id: row.id },
      detail: { postsRemoved, ...audit.detail },
    })
    await recordEvent(tx, { type: 'user:deleted', userId: row.id })
    return { postsRemoved, uploadsGone, email: row.email }
  })
  // After the commit, as takedowns do: bytes and mail copies nobody can reach any more.
  for (const hash of uploadsGone) await stores.uploads.delete(hash)
  await stores.mailCopies.forget(email)
  return { postsRemoved }
}

/** Audit entries keep what happened and lose who it happened to: the name, address and display name at any depth. */
async function scrubAuditLog(tx: Db, names: string[]) {
  const pattern = namePattern(names)
  if (!pattern) return
  for (const entry of await accountData.listAuditMentioning(tx, names.filter(Boolean))) {
    await accountData.updateAuditEntry(tx, entry.id, scrubJson(entry.detail, pattern), entry.reason && scrubText(entry.reason, pattern))
  }
}
