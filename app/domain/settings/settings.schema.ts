import { z } from 'zod'

/**
 * Community rules an admin can change at /admin. Each has a default that
 * holds until someone sets it.
 */
export const settingsSchema = z.object({
  /** Active idea votes per person; null means no limit. */
  voteBudget: z.number().int().min(1).max(1000).nullable().default(null),
})

export type Settings = z.infer<typeof settingsSchema>

export const settingsForm = z.object({
  voteBudget: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '' || v === '0') return null
      const n = Number(v)
      if (!Number.isInteger(n) || n < 1 || n > 1000) {
        ctx.addIssue({ code: 'custom', message: 'Enter a whole number from 1 to 1000, or leave it empty for no limit.' })
        return z.NEVER
      }
      return n
    }),
})
