import { strToU8, zipSync, type Zippable } from 'fflate'

import type { Db, Sql } from '../../../db/client'
import * as archives from '../../../db/queries/account-archives'
import * as accountData from '../../../db/queries/account-data'
import * as users from '../../../db/queries/users'
import type { UploadStore } from '../../../uploads/port'
import { DomainError } from '../errors'
import { recordEvent } from '../events'
import { queueMail } from '../mail/queue.server'
import { authorize, type User } from '../policy.server'
import { collectAccountData } from './account.server'

/*
 * An archive of everything the forum holds about a member: the export's
 * JSON and the files they uploaded, in one zip. A large account's uploads
 * take a while to gather, so it is built in the background (an outbox
 * consumer) and the member gets a mail with the link; it can be downloaded
 * for a week, by them only.
 */

export const ARCHIVE_KEPT_DAYS = 7
/** A new archive is built at most this often; asking again sooner gives the one on its way or just made. */
const REBUILD_AFTER_MS = 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export interface ArchiveStatus {
  id: number
  requestedAt: Date
  readyAt: Date | null
  expiresAt: Date | null
  size: number | null
}

export async function getArchiveStatus(sql: Db, actor: User | null, now = new Date()): Promise<ArchiveStatus | null> {
  const user = authorize(actor, 'account:export', { userId: actor?.id ?? 0 })
  return (await archives.findCurrentArchive(sql, user.id, now)) ?? null
}

/** Asks for an archive; resolves to it and whether this request started it. */
export async function requestArchive(sql: Sql, actor: User | null, now = new Date()) {
  const user = authorize(actor, 'account:export', { userId: actor?.id ?? 0 })
  return sql.begin(async (tx) => {
    // Two clicks at once make one archive.
    if (!(await users.lockUserById(tx, user.id))) throw new DomainError('unauthorized')
    const current = await archives.findCurrentArchive(tx, user.id, now)
    if (current && (!current.readyAt || now.getTime() - current.requestedAt.getTime() < REBUILD_AFTER_MS)) {
      return { archive: current, started: false }
    }
    const archive = await archives.insertArchive(tx, user.id)
    await recordEvent(tx, { type: 'account:archiveRequested', archiveId: archive.id })
    return { archive, started: true }
  })
}

/** Builds a requested archive in the consumer's transaction and queues the mail saying it is ready. */
export async function buildArchive(tx: Db, store: UploadStore, archiveId: number, origin: string, now = new Date()) {
  const row = await archives.lockArchive(tx, archiveId)
  if (!row || row.readyAt) return
  const data = await collectAccountData(tx, row.userId, origin)
  if (!data) return
  const files: Zippable = { 'data.json': strToU8(JSON.stringify(data, null, 2)) }
  const taken = new Set<string>()
  for (const upload of await accountData.listOwnUploads(tx, row.userId)) {
    if (upload.removedAt) continue
    const bytes = await store.get(upload.hash)
    if (!bytes) continue
    files[archivePath(upload, taken)] = [bytes, { level: 0 }]
  }
  const zip = Buffer.from(zipSync(files, { level: 6 }))
  await archives.storeArchive(tx, row.id, zip, new Date(now.getTime() + ARCHIVE_KEPT_DAYS * DAY_MS))
  await queueMail(tx, { kind: 'export_ready', userId: row.userId, exportId: row.id })
}

/** Each upload under its own name in `uploads/`; two files with one name get the start of their hash. */
function archivePath(upload: { hash: string; name: string; ext: string }, taken: Set<string>): string {
  const name = upload.name.replace(/[/\\]/g, '_') || `${upload.hash}.${upload.ext}`
  let path = `uploads/${name}`
  if (taken.has(path)) path = `uploads/${upload.hash.slice(0, 12)}-${name}`
  taken.add(path)
  return path
}

/** The archive's bytes for its member, or a clear refusal. */
export async function downloadArchive(sql: Db, actor: User | null, archiveId: number, now = new Date()) {
  const user = authorize(actor, 'account:export', { userId: actor?.id ?? 0 })
  const found = await archives.findArchiveBytes(sql, archiveId, user.id, now)
  if (!found) throw new DomainError('not_found', 'This archive has expired or is not yours. Ask for a new one on the “Your data” page.')
  return found
}
