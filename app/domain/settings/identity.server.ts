import type { Db, Sql } from '../../../db/client'
import type { UploadStore } from '../../../uploads/port'
import { DomainError } from '../errors'
import type { LimitSettings } from '../limits/limits'
import { renderPost } from '../markdown/pipeline.server'
import { authorize, type Actor } from '../policy.server'
import type { IncomingFile } from '../uploads/process.server'
import { createUpload } from '../uploads/uploads.server'
import { identityOf, type Identity } from './identity'
import type { IdentityInput } from './settings.schema'
import { getSettings, updateSettings } from './settings.server'

/** The identity every page shows, with the welcome banner rendered through the posts' pipeline (so sanitized the same way). */
export async function loadIdentity(sql: Db): Promise<Identity> {
  const settings = await getSettings(sql)
  return identityOf(settings, settings.welcomeBanner ? await renderPost(sql, settings.welcomeBanner) : '')
}

/** What /admin/identity shows: the stored values, for the form. */
export async function getIdentityPage(sql: Db, actor: Actor) {
  authorize(actor, 'settings:edit')
  const settings = await getSettings(sql)
  return {
    siteName: settings.siteName,
    siteDescription: settings.siteDescription,
    welcomeBanner: settings.welcomeBanner,
    logo: settings.logo,
    accentColor: settings.accentColor ?? '',
  }
}

/**
 * An admin saves the community's identity. A new logo goes through the
 * upload pipeline like any image (checked, re-encoded, stored once), and
 * only after the admin is known to be allowed, so a refused form stores
 * nothing. Each changed field is audited by updateSettings.
 */
export async function updateIdentity(
  sql: Sql,
  stores: { uploads: UploadStore; limits?: LimitSettings },
  actor: Actor,
  input: IdentityInput,
  logoFile: IncomingFile | null,
) {
  authorize(actor, 'settings:edit')
  let logo: string | null | undefined = input.removeLogo ? null : undefined
  if (logoFile) {
    let upload
    try {
      upload = await createUpload(sql, stores.uploads, actor, logoFile, stores.limits)
    } catch (error) {
      if (error instanceof DomainError) throw new DomainError(error.code, error.message, { logo: error.message })
      throw error
    }
    if (upload.kind !== 'image') {
      const message = 'The logo must be an image: PNG, JPEG, WebP or GIF.'
      throw new DomainError('invalid', message, { logo: message })
    }
    logo = upload.path
  }
  return updateSettings(sql, actor, {
    siteName: input.siteName,
    siteDescription: input.siteDescription,
    welcomeBanner: input.welcomeBanner,
    accentColor: input.accentColor,
    logo,
  })
}
