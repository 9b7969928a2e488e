import type { Db, Sql } from '../../../db/client'
import * as rendering from '../../../db/queries/rendering'
import * as uploads from '../../../db/queries/uploads'
import * as users from '../../../db/queries/users'
import type { UploadStore } from '../../../uploads/port'
import { recordStaffAction } from '../audit/audit.server'
import { DomainError } from '../errors'
import { recordEvent, recordPostsChanged } from '../events'
import { LIMITS_OFF, type LimitSettings } from '../limits/limits'
import { consumeLimit } from '../limits/limits.server'
import { renderPost } from '../markdown/pipeline.server'
import { authorize, uploadQuotaFor, type Actor } from '../policy.server'
import type { Settings } from '../settings/settings.schema'
import { getSettings } from '../settings/settings.server'
import { uploadMarkdown, uploadPath } from './kinds'
import { processUpload, type IncomingFile, type UploadRules } from './process.server'

/** What the editor gets back for an upload: its address and the Markdown to insert. */
export interface UploadResult {
  hash: string
  path: string
  kind: 'image' | 'file'
  name: string
  width: number | null
  height: number | null
  markdown: string
}

export function uploadRules(settings: Settings): UploadRules {
  return {
    maxBytes: settings.uploadMaxMegabytes * 1024 * 1024,
    maxDimension: settings.uploadMaxDimension,
    fileTypes: settings.uploadFileTypes,
  }
}

const DAY_MS = 24 * 60 * 60 * 1000

/** An avatar's side: sharp on a high-density screen at the largest size pages show it (a profile's 4rem). */
export const AVATAR_PIXELS = 256

/**
 * A member uploads a file: checked against the rate limit and their daily
 * quota, made safe (see processUpload), stored once whatever how many times
 * it is sent, and logged against them. Bytes staff took down are refused.
 */
export async function createUpload(
  sql: Sql,
  store: UploadStore,
  actor: Actor,
  file: IncomingFile,
  limits: LimitSettings = LIMITS_OFF,
  purpose: 'post' | 'avatar' = 'post',
): Promise<UploadResult> {
  const user = authorize(actor, 'upload:create')
  const [author, settings] = await Promise.all([users.findTrust(sql, user.id), getSettings(sql)])
  if (!author) throw new DomainError('unauthorized', 'Please sign in again.')
  const quota = uploadQuotaFor(author, settings)
  if (quota !== null) {
    if (quota === 0) throw new DomainError('forbidden', 'New members cannot upload files yet. Once your first posts are approved you can.')
    const today = await uploads.countUploadsSince(sql, user.id, new Date(Date.now() - DAY_MS))
    if (today >= quota) {
      throw new DomainError('rate_limited', `You can upload ${quota} ${quota === 1 ? 'file' : 'files'} a day; try again tomorrow.`)
    }
  }
  await consumeLimit(sql, 'upload', user.id, limits)
  const rules = uploadRules(settings)
  const processed = await processUpload(file, purpose === 'avatar' ? { ...rules, fileTypes: [], square: AVATAR_PIXELS } : rules)
  const existing = await uploads.findUpload(sql, processed.hash)
  if (existing?.removedAt) throw new DomainError('forbidden', 'This file was taken down by staff and cannot be posted again.')
  await sql.begin(async (tx) => {
    await uploads.insertUpload(tx, { ...processed, size: processed.bytes.length, uploadedBy: user.id })
    await uploads.logUpload(tx, user.id, processed.hash)
  })
  // Stored after the row: a clean-up that deleted these bytes a moment ago has committed by now (see insertUpload).
  await store.put(processed.hash, processed.bytes, processed.contentType)
  const path = uploadPath(processed.hash, existing?.ext ?? processed.ext)
  const { hash, kind, name, width, height } = processed
  return { hash, path, kind, name, width, height, markdown: uploadMarkdown({ kind, path, name }) }
}

/**
 * Uploads sent with a form (the editor without JavaScript): each becomes
 * Markdown added to the text, in the order given. A refused file refuses
 * the form, naming the file, so nothing is posted half.
 */
export async function attachFiles(
  sql: Sql,
  store: UploadStore,
  actor: Actor,
  files: readonly IncomingFile[],
  markdown: string,
  limits?: LimitSettings,
): Promise<string> {
  const added: string[] = []
  for (const file of files) {
    try {
      added.push((await createUpload(sql, store, actor, file, limits)).markdown)
    } catch (error) {
      if (error instanceof DomainError) throw new DomainError(error.code, error.message, { body: error.message })
      throw error
    }
  }
  return added.length ? `${markdown.trimEnd()}${markdown.trim() ? '\n\n' : ''}${added.join('\n\n')}` : markdown
}

/** An upload as served: its row, and its bytes from the store. Null when there is nothing to serve. */
export async function findServable(sql: Db, hash: string, ext: string) {
  const upload = await uploads.findUpload(sql, hash)
  if (!upload || upload.ext !== ext) return null
  return upload
}

/**
 * Staff take an upload down: its bytes leave the store, every post and note
 * that showed it (now or in a revision) shows a notice in its place, open
 * pages are told, and the audit log keeps who and why. The row stays, so
 * the same bytes are refused if posted again.
 */
export async function removeUpload(sql: Sql, store: UploadStore, actor: Actor, hash: string, reason?: string | null): Promise<void> {
  const user = authorize(actor, 'upload:remove')
  const why = reason?.trim().slice(0, 500) || null
  const removed = await sql.begin(async (tx) => {
    const upload = await uploads.findUpload(tx, hash)
    if (!upload) throw new DomainError('not_found', 'There is no such upload.')
    if (!(await uploads.markRemoved(tx, hash, user.id, why))) return false
    const posts = await uploads.lockPostsReferencing(tx, hash)
    const rerendered: { id: number; html: string }[] = []
    for (const post of posts) rerendered.push({ id: post.id, html: await renderPost(tx, post.markdown) })
    if (rerendered.length) await rendering.updateRenderedHtml(tx, 'posts', rerendered)
    const notes = await uploads.lockNotesReferencing(tx, hash)
    const notesHtml: { id: number; html: string }[] = []
    for (const note of notes) notesHtml.push({ id: note.id, html: await renderPost(tx, note.markdown) })
    if (notesHtml.length) await rendering.updateRenderedHtml(tx, 'idea_notes', notesHtml)
    // Members wearing it as their avatar go back to their initials.
    for (const userId of await uploads.clearAvatarsShowing(tx, hash)) await recordEvent(tx, { type: 'user:avatarChanged', userId })
    // Readers of each thread see the notice at once, as after an edit.
    await recordPostsChanged(tx, posts)
    await recordEvent(tx, { type: 'upload:removed', hash })
    await recordStaffAction(tx, user, 'upload:removed', { type: 'upload', id: hash }, { name: upload.name, posts: posts.length }, why)
    return true
  })
  // After the commit: a failure here leaves bytes nobody is served (the row says removed), never a post showing a removed file.
  if (removed) await store.delete(hash)
}

/** Uploads nothing refers to a day after they were made: the editor's leftovers, deleted with their bytes. */
export const UNREFERENCED_AFTER_MS = DAY_MS

export async function deleteUnreferencedUploads(sql: Sql, store: UploadStore, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - UNREFERENCED_AFTER_MS)
  let deleted = 0
  for (;;) {
    // Bytes go while the rows are locked, so an upload of the same bytes waits and then stores them anew.
    const batch = await sql.begin(async (tx) => {
      const hashes = await uploads.lockUnreferenced(tx, before, 100)
      for (const hash of hashes) await store.delete(hash)
      if (hashes.length) await uploads.deleteUploads(tx, hashes)
      return hashes.length
    })
    deleted += batch
    if (batch < 100) return deleted
  }
}

export async function listUploadsForStaff(sql: Sql, actor: Actor, options: { before?: Date; postId?: number }) {
  authorize(actor, 'upload:remove')
  return uploads.listUploads(sql, { ...options, limit: 50 })
}
