import { z } from 'zod'

import type { UploadStore } from '../../../uploads/port'
import type { MailCopies } from '../../domain/account/account.server'
import { approveAccount, refuseAccount } from '../../domain/joining/approvals.server'
import { revokeInvitation, sendInvitation } from '../../domain/joining/invitations.server'
import { idField } from '../../domain/joining/joining.schema'
import { INVITATION_LIFETIME_DAYS } from '../../domain/joining/joining.terms'
import { updateGuidelines, updateJoiningRules } from '../../domain/joining/rules.server'
import { intent } from '../intents.server'

/*
 * What an admin does on /admin/joining. The rule forms' fields are read as
 * typed and checked by the domain after its permission check, so a forged
 * request from a member is refused as such whatever it carries.
 */

const typed = <K extends string>(...names: K[]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.string().optional()])) as Record<K, z.ZodOptional<z.ZodString>>)

const saved = (changed: number) => ({ message: changed ? 'Saved.' : 'Nothing changed.' })

/** Refusing deletes an account, which needs the request's stores. */
export function joiningIntents(context: { uploads: UploadStore; mailCopies: MailCopies }) {
  return {
    rules: intent(typed('mode', 'domains'), async ({ sql, actor }, input) => saved(await updateJoiningRules(sql, actor, input))),
    guidelines: intent(typed('guidelines', 'guidelinesRequired'), async ({ sql, actor }, input) =>
      saved(await updateGuidelines(sql, actor, input)),
    ),
    invite: intent(typed('email'), async ({ sql, actor }, input) => {
      const { email } = await sendInvitation(sql, actor, input)
      return { message: `Invitation sent to ${email}. Its link works once, for ${INVITATION_LIFETIME_DAYS} days.` }
    }),
    revoke: intent(idField, async ({ sql, actor }, { id }) => {
      const { email } = await revokeInvitation(sql, actor, id)
      return { message: `The invitation to ${email} is withdrawn: its link no longer works.` }
    }),
    approve: intent(idField, async ({ sql, actor }, { id }) => {
      const { username } = await approveAccount(sql, actor, id)
      return { message: `${username} is approved and can post now.` }
    }),
    refuse: intent(idField, async ({ sql, actor }, { id }) => {
      const { username } = await refuseAccount(sql, { uploads: context.uploads, mailCopies: context.mailCopies }, actor, id)
      return { message: `The sign-up of ${username} is refused, and its account deleted.` }
    }),
  }
}
