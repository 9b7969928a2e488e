import { DELETED_USER_LABEL } from './account.terms'

/*
 * A deleted member's name and address taken out of text that stays: audit
 * details (at any depth) and the reasons staff wrote. Each occurrence reads
 * "deleted user", so an entry still says what happened, not to whom.
 */

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Matches any of the names as a whole word, whatever its case. */
export function namePattern(names: readonly string[]): RegExp | null {
  const alternatives = [...new Set(names.map((name) => name.trim()).filter((name) => name.length >= 2))]
    // The longest first, so an address is taken whole before the name inside it.
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
  if (!alternatives.length) return null
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu')
}

export function scrubText(text: string, pattern: RegExp): string {
  return text.replace(pattern, DELETED_USER_LABEL)
}

/** The same JSON value with every string (keys too) scrubbed. */
export function scrubJson(value: unknown, pattern: RegExp): unknown {
  if (typeof value === 'string') return scrubText(value, pattern)
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, pattern))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrubText(key, pattern), scrubJson(item, pattern)]))
  }
  return value
}
