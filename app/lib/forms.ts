import type { z } from 'zod'

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string>; values: Record<string, string> }

/** The field names an object schema reads; other schemas read every field. */
function fieldsOf(schema: z.ZodType): string[] | null {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape
  return shape ? Object.keys(shape) : null
}

/** The text fields a schema reads from a form (every field for other schemas). */
function readFields(schema: z.ZodType, form: FormData): Record<string, string> {
  const values: Record<string, string> = {}
  const names = fieldsOf(schema)
  if (names) {
    for (const name of names) {
      const value = form.get(name)
      if (typeof value === 'string') values[name] = value
    }
  } else {
    for (const [key, value] of form.entries()) if (typeof value === 'string' && !(key in values)) values[key] = value
  }
  return values
}

/** What a refused form gets back so the reader keeps what they typed; never a password. */
export function typedValues(schema: z.ZodType, form: FormData): Record<string, string> {
  const { password: _password, ...safeValues } = readFields(schema, form)
  return safeValues
}

/**
 * Reads the fields a schema names from a form and validates them; the first
 * message per field is what the form shows. Fields the schema does not name
 * are never read, and never echoed back.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.infer<S>> {
  const result = schema.safeParse(readFields(schema, form))
  if (result.success) return { ok: true, value: result.data }
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    errors[field] ??= issue.message
  }
  return { ok: false, errors, values: typedValues(schema, form) }
}
