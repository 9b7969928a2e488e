import { z } from 'zod'

import { emailSchema, passwordSchema } from './auth.schema'

export const forgotPasswordSchema = z.object({ email: z.string({ error: 'Enter your email address.' }).pipe(emailSchema) })

/** A new password follows the rules of joining; a form without the field says so plainly. */
const newPasswordSchema = z.string({ error: 'Enter a new password.' }).pipe(passwordSchema)

export const resetPasswordSchema = z.object({ password: newPasswordSchema })

/** Changing the password asks for the current one: a session left open on a shared computer must not hand the account away. */
export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(200, 'A password can have at most 200 characters.'),
  password: newPasswordSchema,
})

export type ChangePasswordInput = z.infer<typeof changePasswordSchema>
