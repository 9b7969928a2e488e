import { TZDate } from '@date-fns/tz'
import { addDays, startOfDay } from 'date-fns'

/**
 * The periods insights compare. Client-safe: the page's picker reads the
 * choices from here.
 *
 * A period is the last N whole days in the community's time zone (a
 * setting), today included, compared with the N days just before it. Whole
 * local days give every chart exactly N bars; a day on which the clocks
 * change is 23 or 25 hours long.
 */

export const periodChoices = [7, 30, 90] as const
export type PeriodDays = (typeof periodChoices)[number]
export const DEFAULT_DAYS: PeriodDays = 30

export interface Period {
  days: PeriodDays
  /** The IANA time zone whose midnights bound the days. */
  timeZone: string
  /** The start of the period before: `from` minus the same number of days. */
  previousFrom: Date
  /** The first moment counted (local midnight). */
  from: Date
  /** The first moment no longer counted: the end of today (local midnight). */
  to: Date
}

/** The days a period's address asks for; null for anything but the choices (a missing value means the default). */
export function parseDays(raw: string | null | undefined): PeriodDays | null {
  if (raw === null || raw === undefined || raw === '') return DEFAULT_DAYS
  const days = Number(raw)
  return (periodChoices as readonly number[]).includes(days) && /^\d+$/.test(raw) ? (days as PeriodDays) : null
}

const instant = (at: Date) => new Date(at.getTime())

export function periodEnding(days: PeriodDays, now: Date, timeZone = 'UTC'): Period {
  const to = addDays(startOfDay(new TZDate(now, timeZone)), 1)
  const from = addDays(to, -days)
  return { days, timeZone, previousFrom: instant(addDays(from, -days)), from: instant(from), to: instant(to) }
}

/** The period before: what "was N" compares with. */
export function previousOf(period: Period): Period {
  return periodEnding(period.days, new Date(period.from.getTime() - 1), period.timeZone)
}

export function inPeriod(period: Pick<Period, 'from' | 'to'>, at: Date): boolean {
  return at >= period.from && at < period.to
}

/** The local day (YYYY-MM-DD) a moment falls on: what a chart's bar counts by. Intl, so pages format it without a library. */
export function dayOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
}

/** The local time (HH:MM, 24-hour) of a moment. */
export function timeOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)
}

/** Every day of the period, oldest first. */
export function daysOf(period: Period): string[] {
  const first = new TZDate(period.from, period.timeZone)
  return Array.from({ length: period.days }, (_, i) => dayOf(addDays(first, i), period.timeZone))
}
