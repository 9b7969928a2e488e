import { z } from 'zod'

import { auditTargetTypes } from './audit.terms'

/* The audit log's filters: a plain GET form, so every filtered view has an address. */

const blankIsAbsent = <T>(value: T) => (value === '' ? undefined : value)

export const auditFilterSchema = z
  .object({
    actor: z.string().trim().max(60, 'A username has at most 60 characters.').optional().transform(blankIsAbsent),
    kind: z
      .string()
      .trim()
      .regex(/^([a-z]+:[a-zA-Z]+)?$/, 'Pick a kind from the list.')
      .max(60)
      .optional()
      .transform(blankIsAbsent),
    targetType: z
      .union([z.enum(auditTargetTypes), z.literal('')], { message: 'Pick a target from the list.' })
      .optional()
      .transform(blankIsAbsent),
    targetId: z.string().trim().max(100, 'That is too long for an id.').optional().transform(blankIsAbsent),
  })
  .superRefine((value, ctx) => {
    if (value.targetId && !value.targetType) {
      ctx.addIssue({ code: 'custom', path: ['targetType'], message: 'Say what the id is of: a thread, a post, a person…' })
    }
    // Settings are named by key, uploads by hash; everything else by its number.
    if (value.targetId && value.targetType === 'upload' && !/^[0-9a-f]{64}$/.test(value.targetId)) {
      ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'Enter the upload’s hash: the 64 characters of its address.' })
    }
    if (value.targetId && value.targetType && !['setting', 'upload'].includes(value.targetType) && !/^\d{1,18}$/.test(value.targetId)) {
      ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'Enter a number, e.g. 42 for /t/42.' })
    }
  })

export type AuditFilterInput = z.infer<typeof auditFilterSchema>
