import type { UploadStore } from '../../../uploads/port'
import { updateIdentity } from '../../domain/settings/identity.server'
import { ruleGroups, settingValueText } from '../../domain/settings/rules'
import { identityForm, resetForm, settingDefaults, settingsForm } from '../../domain/settings/settings.schema'
import { resetSetting, updateSettings } from '../../domain/settings/settings.server'
import type { IncomingFile } from '../../domain/uploads/process.server'
import { intent } from '../intents.server'

const labelOf = (key: string) => ruleGroups.flatMap((g) => g.fields).find((f) => f.key === key)?.label ?? key

/** What an admin does on /admin: save the rules, or put one back to its default. */
export const adminIntents = {
  rules: intent(settingsForm, async ({ sql, actor }, input) => {
    await updateSettings(sql, actor, input)
    return { message: 'Settings saved.' }
  }),
  reset: intent(resetForm, async ({ sql, actor }, { key }) => {
    const changed = await resetSetting(sql, actor, key)
    const value = settingValueText(key, settingDefaults[key])
    return { message: changed ? `${labelOf(key)} is back to its default: ${value}.` : `${labelOf(key)} was at its default already.` }
  }),
}

/** The logo file sent with the identity form, if one was picked. */
export async function logoFileOf(form: FormData): Promise<IncomingFile | null> {
  const file = form.get('logo')
  if (!file || typeof file === 'string' || file.size === 0) return null
  return { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) }
}

/** What an admin does on /admin/identity: save the name, description, welcome, logo and accent colour. */
export function identityIntents(stores: { uploads: UploadStore }, logo: IncomingFile | null) {
  return {
    save: intent(identityForm, async ({ sql, actor, limits }, input) => {
      await updateIdentity(sql, { uploads: stores.uploads, limits }, actor, input, logo)
      return { message: 'Identity saved.' }
    }),
  }
}
