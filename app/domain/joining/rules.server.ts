import type { Db, Sql } from '../../../db/client'
import { insertAudit } from '../../../db/queries/audit'
import { upsertSetting } from '../../../db/queries/settings'
import { recordEvent } from '../events'
import { renderPost } from '../markdown/pipeline.server'
import { authorize, type Actor } from '../policy.server'
import type { Settings } from '../settings/settings.schema'
import { getSettings } from '../settings/settings.server'
import { validate } from '../validate'
import { guidelinesForm, joiningRulesForm } from './joining.schema'

/*
 * Who may join and the community guidelines, kept in the settings table.
 * Each change has its own audit entry, saying what changed in words an
 * admin reads ("changed who may join from open sign-up to by invitation
 * only"), rather than the generic setting entry: the guidelines are a whole
 * text, and the log keeps only their length.
 */

type Change = { key: keyof Settings; value: unknown; action: string; detail: Record<string, unknown> }

/** Writes the changed settings with their audit entries, and tells every process (cached pages, /guidelines) they changed. */
async function saveChanges(sql: Sql, actorId: number, changes: Change[]): Promise<number> {
  if (!changes.length) return 0
  await sql.begin(async (tx) => {
    for (const change of changes) {
      await upsertSetting(tx, change.key, change.value, actorId)
      await insertAudit(tx, { actorId, action: change.action, target: { type: 'setting', id: change.key }, detail: change.detail })
    }
    await recordEvent(tx, { type: 'settings:changed', keys: changes.map((c) => c.key) })
  })
  return changes.length
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Sets who may join and, for the listed-domains mode, which domains. Returns how many rules changed. */
export async function updateJoiningRules(sql: Sql, actor: Actor, input: unknown): Promise<number> {
  const admin = authorize(actor, 'joining:manage')
  const { mode, domains } = validate(joiningRulesForm, input)
  const current = await getSettings(sql)
  const changes: Change[] = []
  if (current.joiningMode !== mode) {
    changes.push({ key: 'joiningMode', value: mode, action: 'joining:modeChanged', detail: { from: current.joiningMode, to: mode } })
  }
  if (!same(current.joiningDomains, domains)) {
    changes.push({
      key: 'joiningDomains',
      value: domains,
      action: 'joining:domainsChanged',
      detail: { from: current.joiningDomains, to: domains },
    })
  }
  return saveChanges(sql, admin.id, changes)
}

/** Rewrites the guidelines and whether joining asks to accept them. Returns how many of the two changed. */
export async function updateGuidelines(sql: Sql, actor: Actor, input: unknown): Promise<number> {
  const admin = authorize(actor, 'joining:manage')
  const { guidelines, guidelinesRequired } = validate(guidelinesForm, input)
  const current = await getSettings(sql)
  const changes: Change[] = []
  if (current.guidelines !== guidelines) {
    changes.push({
      key: 'guidelines',
      value: guidelines,
      action: 'guidelines:changed',
      detail: { fromLength: current.guidelines.length, toLength: guidelines.length },
    })
  }
  if (current.guidelinesRequired !== guidelinesRequired) {
    changes.push({
      key: 'guidelinesRequired',
      value: guidelinesRequired,
      action: 'guidelines:requiredChanged',
      detail: { to: guidelinesRequired },
    })
  }
  return saveChanges(sql, admin.id, changes)
}

/**
 * The guidelines as the public page shows them: rendered at reading time,
 * by the pipeline posts use, so they follow its current rules (image
 * hosts) without a copy to keep in step. The page cache keeps the result.
 */
export async function getGuidelines(sql: Db): Promise<{ html: string; required: boolean }> {
  const settings = await getSettings(sql)
  return { html: settings.guidelines.trim() ? await renderPost(sql, settings.guidelines) : '', required: settings.guidelinesRequired }
}
