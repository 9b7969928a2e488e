import { z } from 'zod'

import { setCategoryWatchLevel, setThreadWatchLevel } from '../../domain/notifications/inbox.server'
import { intent } from '../intents.server'

const levelField = z.object({
  level: z.enum(['watching', 'normal', 'muted'], { message: 'Choose watching, normal or muted.' }),
})

const confirmations = {
  watching: 'Watching: you will hear of every reply.',
  normal: 'Back to normal: you will hear when someone mentions you or replies to you.',
  muted: 'Muted: you will not hear of this thread.',
} as const

/** Watching or muting the thread a page shows. */
export const watchIntents = {
  watch: intent(levelField, async ({ sql, actor, id }, { level }) => {
    await setThreadWatchLevel(sql, actor, id, level === 'normal' ? null : level)
    return { message: confirmations[level] }
  }),
}

const categoryConfirmations = {
  watching: 'Watching: you will hear of each new thread here.',
  normal: 'Back to normal for this category.',
  muted: 'Muted: threads here will not notify you unless you watch one.',
} as const

/** Watching or muting the category a page shows. */
export const categoryWatchIntents = {
  watch: intent(levelField, async ({ sql, actor, id }, { level }) => {
    await setCategoryWatchLevel(sql, actor, id, level === 'normal' ? null : level)
    return { message: categoryConfirmations[level] }
  }),
}
