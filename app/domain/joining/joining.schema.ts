import { z } from 'zod'

import { emailSchema, joinSchema, type JoinInput } from '../auth/auth.schema'
import { joiningModes, MAX_GUIDELINES } from './joining.terms'

/* The forms of joining: who may join and the guidelines, as admins set them at /admin/joining, invitations, and the join form. */

const domainName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

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
