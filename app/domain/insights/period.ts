/**
 * The periods insights compare. Client-safe: the page's picker reads the
 * choices from here.
 *
 * A period is the last N whole days in UTC, today included (the community
 * has no time zone of its own in its settings), compared with the N days
 * just before it. Whole days give every chart exactly N bars.
 */

export const periodChoices = [7, 30, 90] as const
export type PeriodDays = (typeof periodChoices)[number]
export const DEFAULT_DAYS: PeriodDays = 30
export const TIME_ZONE = 'UTC'

const DAY_MS = 24 * 60 * 60 * 1000

export interface Period {
  days: PeriodDays
  /** The start of the period before: `from` minus the same number of days. */
  previousFrom: Date
  /** The first moment counted (midnight UTC). */
  from: Date
  /** The first moment no longer counted: the end of today (midnight UTC). */
  to: Date
}

/** The days a period's address asks for; null for anything but the choices (a missing value means the default). */
export function parseDays(raw: string | null | undefined): PeriodDays | null {
  if (raw === null || raw === undefined || raw === '') return DEFAULT_DAYS
  const days = Number(raw)
  return (periodChoices as readonly number[]).includes(days) && /^\d+$/.test(raw) ? (days as PeriodDays) : null
}

export function periodEnding(days: PeriodDays, now: Date): Period {
  const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS)
  const from = new Date(to.getTime() - days * DAY_MS)
  return { days, previousFrom: new Date(from.getTime() - days * DAY_MS), from, to }
}

/** The period before: what "was N" compares with. */
export function previousOf(period: Period): Period {
  return periodEnding(period.days, new Date(period.from.getTime() - 1))
}

export function inPeriod(period: Pick<Period, 'from' | 'to'>, at: Date): boolean {
  return at >= period.from && at < period.to
}

/** The UTC day (YYYY-MM-DD) a moment falls on: what a chart's bar counts by. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10)
}

/** Every day of the period, oldest first. */
export function daysOf(period: Period): string[] {
  return Array.from({ length: period.days }, (_, i) => dayOf(new Date(period.from.getTime() + i * DAY_MS)))
}
