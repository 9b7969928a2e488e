/* Joining's vocabulary (who may join, how the modes read, limits) that pages in the browser need, kept free of zod so the browser never downloads it. */

export const joiningModes = ['open', 'domains', 'invitation', 'approval'] as const
export type JoiningMode = (typeof joiningModes)[number]

export const joiningModeLabels: Record<JoiningMode, string> = {
  open: 'Open sign-up',
  domains: 'Sign-up with an address at listed domains',
  invitation: 'By invitation only',
  approval: 'Sign-up held for an admin’s approval',
}

export const joiningModeHints: Record<JoiningMode, string> = {
  open: 'Anyone may create an account.',
  domains: 'Only addresses at the domains listed below may join, and they post once their address is confirmed.',
  invitation: 'Only people an admin invited by email may join; each invitation works once.',
  approval: 'Anyone may create an account and sign in, but they post only once an admin approves them below.',
}

/** The settings /admin/joining changes; the audit log links their entries there. */
export const joiningSettingKeys = ['joiningMode', 'joiningDomains', 'guidelines', 'guidelinesRequired'] as const

/** How long an invitation link works: a week away from the inbox. */
export const INVITATION_LIFETIME_DAYS = 7

/** The longest guidelines admins may write, in characters. */
export const MAX_GUIDELINES = 20_000

/** The part of an address after its last @, lowercased. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase()

/** "example.com", "example.com or example.org", "a.com, b.com or c.com". */
export function listDomains(domains: readonly string[]): string {
  if (domains.length <= 1) return domains.join('')
  return `${domains.slice(0, -1).join(', ')} or ${domains.at(-1)}`
}
