import { z } from 'zod'

import { emailSchema } from '../auth/auth.schema'

/** Changing the address asks for the password: a session left open on a shared computer must not hand the account away. */
export const changeEmailSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your current password.').max(200, 'A password can have at most 200 characters.'),
})

export type ChangeEmailInput = z.infer<typeof changeEmailSchema>

/** How long a confirmation link works: long enough for a weekend away from the inbox. */
export const CONFIRMATION_LIFETIME_HOURS = 48

/** Addresses are one account's whatever their case, as the unique index on users says. */
export const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
