import type { Db, Sql } from '../../../db/client'
import * as settingsQueries from '../../../db/queries/settings'
import { DomainError } from '../errors'
import { decide, type Actor } from '../policy.server'
import { settingsSchema, type Settings } from './settings.schema'

export async function getSettings(sql: Db): Promise<Settings> {
  return settingsSchema.parse(await settingsQueries.findSettings(sql))
}

/** Changes community rules; every change is written to the audit log with its old and new value. */
export async function updateSettings(sql: Sql, actor: Actor, changes: Partial<Settings>): Promise<Settings> {
  const decision = decide(actor, 'settings:edit')
  if (!decision.ok) throw new DomainError(decision.code, decision.reason)
  return sql.begin(async (tx) => {
    for (const [key, value] of Object.entries(changes)) {
      const previous = await settingsQueries.upsertSetting(tx, key, value, actor!.id)
      if (JSON.stringify(previous) !== JSON.stringify(value)) {
        await settingsQueries.insertAudit(tx, { actorId: actor!.id, action: 'setting:changed', detail: { key, from: previous, to: value } })
      }
    }
    return getSettings(tx)
  })
}
