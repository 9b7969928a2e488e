import { z } from 'zod'

import { setCategoryWatchLevel, setThreadWatchLevel } from '../../domain/notifications/inbox.server'
import { intent, type IntentArgs } from '../intents.server'

const levelField = z.object({
  level: z.enum(['watching', 'normal', 'muted'], { message: 'Choose watching, normal or muted.' }),
})

type Level = z.output<typeof levelField>['level']

/** The watch intent of a page, given how it sets the level and what it says after each choice. */
function watchIntent(
  set: (args: IntentArgs, level: Exclude<Level, 'normal'> | null) => Promise<void>,
  confirmations: Record<Level, string>,
) {
  return intent(levelField, async (args, { level }) => {
    await set(args, level === 'normal' ? null : level)
    return { message: confirmations[level] }
  })
}

/** Watching or muting the thread a page shows. */
export const watchIntents = {
  watch: watchIntent(({ sql, actor, id }, level) => setThreadWatchLevel(sql, actor, id, level), {
    watching: 'Watching: you will hear of every reply.',
    normal: 'Back to normal: you will hear when someone mentions you or replies to you.',
    muted: 'Muted: you will not hear of this thread.',
  }),
}

/** Watching or muting the category a page shows. */
export const categoryWatchIntents = {
  watch: watchIntent(({ sql, actor, id }, level) => setCategoryWatchLevel(sql, actor, id, level), {
    watching: 'Watching: you will hear of each new thread here.',
    normal: 'Back to normal for this category.',
    muted: 'Muted: threads here will not notify you unless you watch one.',
  }),
}
