import type { z } from 'zod'

import { DomainError } from './errors'

/**
 * Validates input inside a domain function, after its permission check, so
 * a forged request from someone without the right is refused as such
 * whatever it carries. Bad input becomes field messages.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message
  throw new DomainError('invalid', 'Please check the form.', fields)
}
