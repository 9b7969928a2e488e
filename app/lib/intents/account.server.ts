import { redirect } from '@remix-run/node'
import { z } from 'zod'

import type { UploadStore } from '../../../uploads/port'
import { deleteAccountSchema, profileSchema } from '../../domain/account/account.schema'
import { changeAvatar, deleteAccount, removeAvatar, updateProfile, type MailCopies } from '../../domain/account/account.server'
import { endSession } from '../../domain/auth/session.server'
import { DomainError } from '../../domain/errors'
import { intent } from '../intents.server'
import { noticeCookie } from '../notice.server'

const noFields = z.object({})

/** What a member does on /settings/profile; the picture comes as a file in the (multipart) form. */
export function profileIntents(uploads: UploadStore, form: FormData) {
  return {
    save: intent(profileSchema, async ({ sql, actor }, input) => {
      const saved = await updateProfile(sql, actor, input)
      return { message: 'Your profile is saved.', values: { displayName: saved.displayName ?? '', bio: saved.bio ?? '' } }
    }),
    avatar: intent(noFields, async ({ sql, actor, limits }) => {
      const file = form.get('avatar')
      if (!(file instanceof File) || file.size === 0) {
        throw new DomainError('invalid', 'Choose a picture to upload.', { avatar: 'Choose a picture to upload.' })
      }
      await changeAvatar(sql, uploads, actor, { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) }, limits)
      return { message: 'Your picture is saved.' }
    }),
    removeAvatar: intent(noFields, async ({ sql, actor }) => {
      await removeAvatar(sql, actor)
      return { message: 'Your picture is removed: your initials show instead.' }
    }),
  }
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
