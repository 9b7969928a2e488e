import type { Db } from '../../../db/client'
import { sameAddress } from '../addresses/addresses.schema'
import { DomainError } from '../errors'
import type { Settings } from '../settings/settings.schema'
import { takeInvitation } from './invitations.server'
import type { SignUpInput } from './joining.schema'
import { domainOf, listDomains } from './joining.terms'

/** On what terms a sign-up joins: what its new account waits for, and what it proved. */
export interface Admission {
  /** The invitation it came with, spent once the account exists. */
  invitationId: number | null
  /** It came by the link mailed to the address it joins with, which proves the address. */
  emailVerified: boolean
  /** It waits for an admin before it may write anything. */
  approvalPending: boolean
  /** It posts once its address is confirmed. */
  postsNeedConfirmedAddress: boolean
  guidelinesAccepted: boolean
}

/**
 * Decides, in the sign-up's transaction, whether this person may join under
 * the community's rules, and on what terms; throws the refusal the join
 * form shows. An invitation is an admin's word given in advance: it admits
 * its holder whatever the mode, without the domain check or the approval.
 */
export async function admit(tx: Db, settings: Settings, input: SignUpInput): Promise<Admission> {
  const invitation = input.invite ? await takeInvitation(tx, input.invite) : null
  const mode = settings.joiningMode
  if (!invitation && mode === 'invitation') {
    throw new DomainError(
      'forbidden',
      'Joining this community is by invitation: ask its admins to invite you, then open the link they send.',
    )
  }
  const domainListed = settings.joiningDomains.includes(domainOf(input.email))
  if (!invitation && mode === 'domains' && !domainListed) {
    const domains = listDomains(settings.joiningDomains)
    throw new DomainError('forbidden', 'Please use your work address.', {
      email: `Only addresses at ${domains || 'the listed domains'} can join this community. Use your address at ${domains || 'one of them'}.`,
    })
  }
  if (settings.guidelinesRequired && !input.acceptGuidelines) {
    throw new DomainError('invalid', 'Please check the form.', { acceptGuidelines: 'Please accept the community guidelines to join.' })
  }
  const emailVerified = invitation !== null && sameAddress(invitation.email, input.email)
  return {
    invitationId: invitation?.id ?? null,
    emailVerified,
    approvalPending: !invitation && mode === 'approval',
    postsNeedConfirmedAddress: !emailVerified && mode === 'domains',
    guidelinesAccepted: Boolean(input.acceptGuidelines),
  }
}
