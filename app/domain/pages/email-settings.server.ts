import type { Sql } from '../../../db/client'
import * as tokens from '../../../db/queries/email-tokens'
import * as users from '../../../db/queries/users'
import { sameAddress } from '../addresses/addresses.schema'
import { DomainError } from '../errors'
import { authorize, type User } from '../policy.server'

/** /settings/email: the member's address, whether it is confirmed, and a change waiting for its link. */
export async function getEmailSettingsPage(sql: Sql, actor: User) {
  authorize(actor, 'account:changeEmail', { userId: actor.id })
  const [account, latest] = await Promise.all([
    users.findUserById(sql, actor.id),
    tokens.findLatestEmailToken(sql, actor.id, 'verify_email'),
  ])
  if (!account) throw new DomainError('unauthorized')
  const pending =
    latest && !latest.usedAt && !sameAddress(latest.email, account.email)
      ? { email: latest.email, expired: latest.expiresAt <= new Date() }
      : null
  return { email: account.email, confirmed: account.emailVerifiedAt !== null, pending }
}
