import { z } from 'zod'

import { emailSchema, joinSchema, type JoinInput } from '../auth/auth.schema'

/*
 * Who may join, as admins set it at /admin/joining. Client-safe: the admin
 * page and the join form label the modes with it.
 */

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

const domainName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/** The part of an address after its last @, lowercased. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase()

/** "example.com", "example.com or example.org", "a.com, b.com or c.com". */
export function listDomains(domains: readonly string[]): string {
  if (domains.length <= 1) return domains.join('')
  return `${domains.slice(0, -1).join(', ')} or ${domains.at(-1)}`
}

/** The "Who may join" form: the mode, and the domains the listed-domains mode admits. */
export const joiningRulesForm = z
  .object({
    mode: z.enum(joiningModes, { message: 'Pick who may join from the list.' }),
    domains: z
      .string()
      .max(5_000, 'List at most a few dozen domains.')
      .default('')
      .transform((v, ctx) => {
        const domains = [
          ...new Set(
            v
              .split(/[\s,;]+/)
              .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
              .filter(Boolean),
          ),
        ]
        const bad = domains.find((d) => !domainName.test(d))
        if (bad) {
          ctx.addIssue({ code: 'custom', message: `“${bad}” is not a domain. Write names like example.com, one per line.` })
          return z.NEVER
        }
        return domains.sort()
      }),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'domains' && value.domains.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['domains'], message: 'List at least one domain, such as example.com.' })
    }
  })

export type JoiningRulesInput = z.infer<typeof joiningRulesForm>

/** The guidelines form: their Markdown, and whether joining asks to accept them. */
export const guidelinesForm = z
  .object({
    guidelines: z
      .string()
      .max(MAX_GUIDELINES, `Keep the guidelines under ${MAX_GUIDELINES.toLocaleString('en')} characters.`)
      .default(''),
    // A checkbox is sent only when ticked.
    guidelinesRequired: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
  })
  .superRefine((value, ctx) => {
    if (value.guidelinesRequired && !value.guidelines.trim()) {
      ctx.addIssue({ code: 'custom', path: ['guidelines'], message: 'Write the guidelines before asking members to accept them.' })
    }
  })

export type GuidelinesInput = z.infer<typeof guidelinesForm>

export const invitationForm = z.object({ email: emailSchema })

/** An invitation or account named by id in a form; a malformed id names nothing, which the domain answers as "not found". */
export const idField = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number)
    .catch(0),
})

/** The join form: the account's fields, the invitation it came with, and the guidelines' tick box. */
export const joinFormSchema = joinSchema.extend({
  invite: z.string().max(500).optional(),
  acceptGuidelines: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
})

/** What signing up takes: the account's fields, and what the join form adds (absent from other callers). */
export type SignUpInput = JoinInput & { invite?: string; acceptGuidelines?: boolean }
