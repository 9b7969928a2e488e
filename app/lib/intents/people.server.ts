import { redirect } from '@remix-run/node'
import { z } from 'zod'

import type { UploadStore } from '../../../uploads/port'
import { adminDeleteAccountSchema } from '../../domain/account/account.schema'
import { deleteAccountAsAdmin, type MailCopies } from '../../domain/account/account.server'
import { changeRole } from '../../domain/auth/accounts.server'
import { suspendUser, unsuspendUser } from '../../domain/moderation/moderation.server'
import { changeRoleSchema } from '../../domain/people/people.schema'
import { roleLabels } from '../../domain/people/people.terms'
import { idParam } from '../../domain/threads/thread.schema'
import { intent } from '../intents.server'
import { noticeCookie } from '../notice.server'

/** A person named by id in a hidden field; a malformed one names nobody, and the domain answers "not found". */
const userField = z.object({ userId: idParam.catch(0) })

/**
 * What staff and admins do on /admin/users/:username. Deleting needs the
 * request's stores, and sends the admin back to the list with a notice.
 */
export function personIntents(username: string, context: { uploads: UploadStore; mailCopies: MailCopies; secure: boolean }) {
  return {
    role: intent(changeRoleSchema, async ({ sql, actor }, { role }) => {
      const changed = await changeRole(sql, actor, username, role)
      return { message: `${changed.username}’s role is ${roleLabels[role]}; any sessions they had ended.` }
    }),
    suspend: intent(userField.extend({ days: z.string().optional(), reason: z.string().optional() }), async ({ sql, actor }, input) => {
      const done = await suspendUser(sql, actor, input.userId, { days: input.days, reason: input.reason })
      return { message: `Suspended ${done.username}; their sessions ended.` }
    }),
    unsuspend: intent(userField, async ({ sql, actor }, { userId }) => {
      const done = await unsuspendUser(sql, actor, userId)
      return { message: `${done.username} is no longer suspended.` }
    }),
    delete: intent(adminDeleteAccountSchema, async ({ sql, actor }, input) => {
      await deleteAccountAsAdmin(sql, { uploads: context.uploads, mailCopies: context.mailCopies }, actor, username, input)
      throw redirect('/admin/users', { headers: { 'Set-Cookie': noticeCookie('person-deleted', context.secure) } })
    }),
  }
}
