import type { Sql } from '../../../db/client'
import * as joining from '../../../db/queries/joining'
import { readInvitation, type InvitationView } from '../joining/invitations.server'
import { getGuidelines } from '../joining/rules.server'
import { authorize, type Actor } from '../policy.server'
import { getSettings } from '../settings/settings.server'

/** How many invitations and waiting accounts /admin/joining lists: the oldest waiting first, so none is forgotten. */
const LISTED = 200

/** /admin/joining: the joining rules, the guidelines, invitations not yet used, and accounts waiting for approval. */
export async function getJoiningAdminPage(sql: Sql, actor: Actor) {
  authorize(actor, 'joining:manage')
  const [settings, invitations, waiting] = await Promise.all([
    getSettings(sql),
    joining.listOpenInvitations(sql, LISTED),
    joining.listAccountsAwaitingApproval(sql, LISTED),
  ])
  const now = new Date()
  return {
    mode: settings.joiningMode,
    domains: settings.joiningDomains,
    guidelines: settings.guidelines,
    guidelinesRequired: settings.guidelinesRequired,
    invitations: invitations.map((i) => ({ ...i, expired: i.expiresAt <= now })),
    waiting: waiting.map((a) => ({ ...a, emailConfirmed: a.emailVerifiedAt !== null })),
  }
}

/**
 * What /join shows: whether its form is open to this visitor (by invitation
 * only, it is open to a working invitation alone), the domains it takes,
 * whether the guidelines must be accepted, and the invitation the link
 * carries. `invitation` is `invalid` for a link this forum did not sign.
 */
export async function getJoinPage(sql: Sql, inviteLink: string | null) {
  const [settings, invitation] = await Promise.all([getSettings(sql), inviteLink ? readInvitation(sql, inviteLink) : Promise.resolve(null)])
  const working = invitation?.state === 'ready'
  return {
    mode: settings.joiningMode,
    domains: settings.joiningDomains,
    guidelinesRequired: settings.guidelinesRequired,
    formOpen: settings.joiningMode !== 'invitation' || working,
    invitation: inviteLink ? ((invitation ?? 'invalid') as InvitationView | 'invalid') : null,
  }
}

/** /guidelines: the community guidelines as admins wrote them, for anyone. */
export async function getGuidelinesPage(sql: Sql) {
  return getGuidelines(sql)
}
