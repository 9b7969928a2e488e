import type { Sql } from '../../../db/client'
import * as auditLog from '../../../db/queries/audit'
import { authorize, type Actor } from '../policy.server'
import { getSettings } from '../settings/settings.server'

/** What /admin shows: the community rules and the latest audit entries. */
export async function getAdminPage(sql: Sql, actor: Actor) {
  authorize(actor, 'admin:view')
  const [settings, audit] = await Promise.all([getSettings(sql), auditLog.listAudit(sql, 50)])
  return { settings, audit }
}
