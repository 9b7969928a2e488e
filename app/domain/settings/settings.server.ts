import type { Db, Sql } from '../../../db/client'
import * as audit from '../../../db/queries/audit'
import * as settingsQueries from '../../../db/queries/settings'
import { recordEvent } from '../events'
import { forgetRenderOptions } from '../markdown/pipeline.server'
import { authorize, type Actor } from '../policy.server'
import { settingsSchema, type Settings } from './settings.schema'

export async function getSettings(sql: Db): Promise<Settings> {
  return settingsSchema.parse(await settingsQueries.findSettings(sql))
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Changes community rules; every change is written to the audit log with its old and new value. */
export async function updateSettings(sql: Sql, actor: Actor, changes: Partial<Settings>): Promise<Settings> {
  const user = authorize(actor, 'settings:edit')
  const settings = await sql.begin(async (tx) => {
    const changed: string[] = []
    // Compared with the value in force (a default counts), so saving the form unchanged records nothing.
    const current = await getSettings(tx)
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue
      await settingsQueries.upsertSetting(tx, key, value, user.id)
      const previous = current[key as keyof Settings] ?? null
      if (!same(previous, value)) {
        changed.push(key)
        await audit.insertAudit(tx, {
          actorId: user.id,
          action: 'setting:changed',
          target: { type: 'setting', id: key },
          detail: { key, from: previous, to: value },
        })
      }
    }
    // Every process refreshes what depends on settings (the image hosts of its CSP, stored HTML, the identity).
    if (changed.length) await recordEvent(tx, { type: 'settings:changed', keys: changed })
    return getSettings(tx)
  })
  forgetRenderOptions(sql)
  return settings
}

/**
 * Puts one setting back to its default: the stored value goes, so the
 * default holds from now on (and follows the forum's if it ever changes).
 * Returns whether anything changed.
 */
export async function resetSetting(sql: Sql, actor: Actor, key: keyof Settings): Promise<boolean> {
  const user = authorize(actor, 'settings:edit')
  const changed = await sql.begin(async (tx) => {
    const current = await getSettings(tx)
    await settingsQueries.deleteSetting(tx, key)
    const fallback = (await getSettings(tx))[key] ?? null
    const previous = current[key] ?? null
    if (same(previous, fallback)) return false
    await audit.insertAudit(tx, {
      actorId: user.id,
      action: 'setting:changed',
      target: { type: 'setting', id: key },
      detail: { key, from: previous, to: fallback, reset: true },
    })
    await recordEvent(tx, { type: 'settings:changed', keys: [key] })
    return true
  })
  forgetRenderOptions(sql)
  return changed
}
