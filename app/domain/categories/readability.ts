import { readabilities, type Readability } from '../../../db/types'

/** How each readability reads in the forms and pages that offer it. */
export const readabilityLabels: Record<Readability, string> = {
  everyone: 'Everyone, visitors too',
  members: 'Signed-in members',
  staff: 'Staff and product teams',
}

/** The badge a private category and its threads carry; none for a public one. */
export const readabilityBadges: Record<Readability, string | null> = {
  everyone: null,
  members: 'Members only',
  staff: 'Staff only',
}

export function isReadability(value: unknown): value is Readability {
  return typeof value === 'string' && (readabilities as readonly string[]).includes(value)
}
