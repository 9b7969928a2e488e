import type { Db } from '../../../db/client'
import * as counters from '../../../db/queries/rate-limits'
import { RateLimited } from '../errors'
import { allowance, limitRules, waitText, type LimitName, type LimitSettings } from './limits'

export { LIMITS_OFF, LIMITS_ON, type LimitName, type LimitSettings } from './limits'

/*
 * Limits are counted in PostgreSQL (the rate_limits table) so that every
 * process sharing the database counts together. Callers pass the settings
 * (RATE_LIMITS) they were given: a request's come from the load context, and
 * a domain function called without them (tests, seeds, the CLI) is not
 * limited. A process-wide setting would not do: the Remix build bundles its
 * own copy of this module, and tests run servers with different settings in
 * one process.
 */

const keyOf = (name: LimitName, subject: string | number) => `${name}:${subject}`

function refusal(name: LimitName, secondsLeft: number) {
  return new RateLimited(`${limitRules[name].refusal} Please try again in ${waitText(secondsLeft)}.`, secondsLeft)
}

/**
 * Counts one attempt by `subject` against a rule, and refuses it (RateLimited,
 * a 429 with Retry-After) when it goes past the rule's allowance. The refused
 * attempt is counted too: hammering does not shorten the wait, nor lengthen it.
 */
export async function consumeLimit(sql: Db, name: LimitName, subject: string | number, settings: LimitSettings): Promise<void> {
  if (!settings.enabled) return
  const counter = await counters.addPoints(sql, keyOf(name, subject), 1, limitRules[name].windowSeconds)
  if (counter.points > allowance(name, settings)) throw refusal(name, counter.secondsLeft)
}

/**
 * For rules that count failures (sign-in): the refusal a subject has earned
 * already, without counting this attempt; `recordFailure` counts it once it
 * has failed.
 */
export async function checkLimits(
  sql: Db,
  checks: { name: LimitName; subject: string | number }[],
  settings: LimitSettings,
): Promise<RateLimited | null> {
  if (!settings.enabled || checks.length === 0) return null
  const found = await counters.readCounters(
    sql,
    checks.map((c) => keyOf(c.name, c.subject)),
  )
  for (const { name, subject } of checks) {
    const counter = found.get(keyOf(name, subject))
    if (counter && counter.points >= allowance(name, settings)) return refusal(name, counter.secondsLeft)
  }
  return null
}

export async function recordFailure(sql: Db, name: LimitName, subject: string | number, settings: LimitSettings): Promise<void> {
  if (!settings.enabled) return
  await counters.addPoints(sql, keyOf(name, subject), 1, limitRules[name].windowSeconds)
}

/** Forgets a subject's count, as a successful sign-in does for its account. */
export async function resetLimit(sql: Db, name: LimitName, subject: string | number): Promise<void> {
  await counters.deleteCounter(sql, keyOf(name, subject))
}

/** The points a subject has used in its current window (0 when none): for tests and for staff looking into a complaint. */
export async function pointsUsed(sql: Db, name: LimitName, subject: string | number): Promise<number> {
  const key = keyOf(name, subject)
  return (await counters.readCounters(sql, [key])).get(key)?.points ?? 0
}

/** Hourly housekeeping: counters whose window has ended. */
export function deleteEndedLimits(sql: Db): Promise<number> {
  return counters.deleteEndedCounters(sql)
}
