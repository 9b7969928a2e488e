import { z } from 'zod'

export const usernameSchema = z
  .string()
  .trim()
  .min(2, 'A username needs at least 2 characters.')
  .max(30, 'A username can have at most 30 characters.')
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'Use letters, digits, dots, dashes and underscores; start with a letter or digit.')

export const passwordSchema = z
  .string()
  .min(10, 'A password needs at least 10 characters.')
  .max(200, 'A password can have at most 200 characters.')

export const emailSchema = z.string().trim().max(254, 'That email address is too long.').email('Enter a valid email address.')

/** Only these fields are read from the join form: a forged `role` field is never looked at. */
export const joinSchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
})

export const loginSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username or email.').max(254),
  password: z.string().min(1, 'Enter your password.').max(200),
})

export type JoinInput = z.infer<typeof joinSchema>
