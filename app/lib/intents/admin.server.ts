import { z } from 'zod'

import { readabilities } from '../../../db/types'
import type { UploadStore } from '../../../uploads/port'
import { setCategoryReadability } from '../../domain/categories/readability.server'
import { updateIdentity } from '../../domain/settings/identity.server'
import { ruleGroups, settingDefaults, settingValueText } from '../../domain/settings/rules'
import { identityForm, resetForm, settingsForm } from '../../domain/settings/settings.schema'
import { resetSetting, updateSettings } from '../../domain/settings/settings.server'
import type { IncomingFile } from '../../domain/uploads/process.server'
import { intent } from '../intents.server'

const readabilityForm = z.object({
  categoryId: z.coerce.number({ message: 'Pick a category from the list.' }).int().positive().max(Number.MAX_SAFE_INTEGER),
  readableBy: z.enum(readabilities, { message: 'Pick who may read the category from the list.' }),
})

const labelOf = (key: string) => ruleGroups.flatMap((g) => g.fields).find((f) => f.key === key)?.label ?? key

/** What an admin does on /admin: save the rules, put one back to its default, choose who reads a category. */
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
  readability: intent(readabilityForm, async ({ sql, actor }, { categoryId, readableBy }) => {
    const changed = await setCategoryReadability(sql, actor, categoryId, readableBy)
    return { message: changed ? 'Saved: the category and its threads are read as chosen.' : 'Nothing changed.' }
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
