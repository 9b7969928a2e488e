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

/** Changes community rules; every change is written to the audit log with its old and new value. */
export async function updateSettings(sql: Sql, actor: Actor, changes: Partial<Settings>): Promise<Settings> {
  const user = authorize(actor, 'settings:edit')
  const settings = await sql.begin(async (tx) => {
    const changed: string[] = []
    // Compared with the value in force (a default counts), so saving the form unchanged records nothing.
    const current = await getSettings(tx)
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue
      const previous = await settingsQueries.upsertSetting(tx, key, value, user.id)
      if (JSON.stringify(current[key as keyof Settings] ?? previous) !== JSON.stringify(value)) {
        changed.push(key)
        await audit.insertAudit(tx, {
          actorId: user.id,
          action: 'setting:changed',
          target: { type: 'setting', id: key },
          detail: { key, from: previous, to: value },
        })
      }
    }
    // Every process refreshes what depends on settings (the image hosts of its CSP, stored HTML).
    if (changed.length) await recordEvent(tx, { type: 'settings:changed', keys: changed })
    return getSettings(tx)
  })
  forgetRenderOptions(sql)
  return settings
}
