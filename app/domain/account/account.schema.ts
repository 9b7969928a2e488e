import { z } from 'zod'

/* A member's own account data: profile fields and deleting the account. */

/**
 * Empty text is "not set": stored as null, so the profile shows nothing
 * rather than a blank. Parsing its own output again gives the same value,
 * as the domain validates what the form already parsed.
 */
const optionalText = (max: number, tooLong: string) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((text) => text?.trim() || null)
    .pipe(z.string().max(max, tooLong).nullable())

export const profileSchema = z.object({
  displayName: optionalText(50, 'A display name can have at most 50 characters.'),
  bio: optionalText(500, 'A bio can have at most 500 characters.'),
})
export type ProfileInput = z.input<typeof profileSchema>

/** A checkbox: sent as "on" when ticked, absent otherwise. */
const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((value) => value === true || value === 'on' || value === 'true')

export const deleteAccountSchema = z.object({
  // Any length: a wrong password is told as wrong, whatever its shape.
  password: z.string().min(1, 'Enter your password.').max(1000, 'That is not your password.'),
  removePosts: checkbox,
})
export type DeleteAccountInput = z.input<typeof deleteAccountSchema>

/** An admin deleting someone's account types its username instead of a password: they mean this account. */
export const adminDeleteAccountSchema = z.object({
  confirmUsername: z.string().trim().min(1, 'Type the username to confirm.').max(100, 'That is not this account’s username.'),
  removePosts: checkbox,
})
export type AdminDeleteAccountInput = z.input<typeof adminDeleteAccountSchema>

/** The text a removed post shows instead of what its author wrote. */
export const REMOVED_POST_NOTICE = '*Removed at the author’s request.*'
