import { redirect } from '@remix-run/node'

import type { UploadStore } from '../../../uploads/port'
import { deleteAccountSchema, profileSchema } from '../../domain/account/account.schema'
import { deleteAccount, updateProfile, type MailCopies } from '../../domain/account/account.server'
import { endSession } from '../../domain/auth/session.server'
import { intent } from '../intents.server'
import { noticeCookie } from '../notice.server'

/** What a member does on /settings/profile. */
export const profileIntents = {
  save: intent(profileSchema, async ({ sql, actor }, input) => {
    const saved = await updateProfile(sql, actor, input)
    return { message: 'Your profile is saved.', values: { displayName: saved.displayName ?? '', bio: saved.bio ?? '' } }
  }),
}

/**
 * What a member does on /settings/delete. Deleting needs the request's
 * stores and cookie: the browser is signed out and sent home with a notice.
 */
export function deleteAccountIntents(request: Request, context: { uploads: UploadStore; mailCopies: MailCopies; secure: boolean }) {
  return {
    delete: intent(deleteAccountSchema, async ({ sql, actor }, input) => {
      await deleteAccount(sql, { uploads: context.uploads, mailCopies: context.mailCopies }, actor, input)
      const blank = await endSession(sql, request.headers.get('Cookie'), context.secure)
      const headers = new Headers()
      headers.append('Set-Cookie', blank)
      headers.append('Set-Cookie', noticeCookie('account-deleted', context.secure))
      throw redirect('/', { headers })
    }),
  }
}
