import type { QuestionOutcome } from '../../../db/queries/insights'
import type { Role } from '../roles'
import { dayOf, daysOf, inPeriod, type Period } from './period'

/*
 * Support health: the one place that says what answered, solved and a peer
 * answer mean. The page, its CSV tables and its JSON all read these figures.
 *
 * A question belongs to the period it was asked in; what became of it
 * (answered, solved) counts however late it happened, so a recent period has
 * had less time to be answered than the one before it.
 */

export type Answerers = 'customers' | 'staff'

/** Customers are members; staff, product teams and admins answer for the company. */
export function answerersOf(role: Role): Answerers {
  return role === 'member' ? 'customers' : 'staff'
}

/** Answered: at least one public reply by someone other than the asker (the query finds the first). */
export const isAnswered = (q: QuestionOutcome) => q.firstAnswerAt !== null

/** Solved: it has an accepted answer. */
export const isSolved = (q: QuestionOutcome) => q.acceptedAt !== null

/** A peer answer: the accepted answer was written by a customer. */
export const isPeerAnswer = (q: QuestionOutcome) => q.acceptedRole !== null && answerersOf(q.acceptedRole) === 'customers'

export interface Timing {
  count: number
  medianSeconds: number | null
  p90Seconds: number | null
}

export interface SupportFigures {
  asked: number
  answered: number
  solved: number
  answeredShare: number | null
  solvedShare: number | null
  peerSolved: number
  /** Solved questions whose accepted answer is a customer's, over all solved. */
  peerAnswerRate: number | null
  firstAnswer: Record<'all' | Answerers, Timing>
  accepted: Record<'all' | Answerers, Timing>
}

/** The p-th percentile, interpolating between neighbours (as PostgreSQL's percentile_cont); null for none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const position = p * (sorted.length - 1)
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low)
}

function timing(seconds: number[]): Timing {
  return { count: seconds.length, medianSeconds: percentile(seconds, 0.5), p90Seconds: percentile(seconds, 0.9) }
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole)
const secondsBetween = (start: Date, end: Date) => Math.max(0, (end.getTime() - start.getTime()) / 1000)

/** The figures for a set of questions (one period, or one category within it). */
export function summarise(questions: QuestionOutcome[]): SupportFigures {
  const answered = questions.filter(isAnswered)
  const solved = questions.filter(isSolved)
  const peerSolved = solved.filter(isPeerAnswer).length
  const waits = (of: QuestionOutcome[], at: (q: QuestionOutcome) => Date | null) => of.map((q) => secondsBetween(q.createdAt, at(q)!))
  const by = (of: QuestionOutcome[], role: (q: QuestionOutcome) => Role | null, who: Answerers) =>
    of.filter((q) => answerersOf(role(q)!) === who)
  return {
    asked: questions.length,
    answered: answered.length,
    solved: solved.length,
    answeredShare: share(answered.length, questions.length),
    solvedShare: share(solved.length, questions.length),
    peerSolved,
    peerAnswerRate: share(peerSolved, solved.length),
    firstAnswer: {
      all: timing(waits(answered, (q) => q.firstAnswerAt)),
      customers: timing(
        waits(
          by(answered, (q) => q.firstAnswerRole, 'customers'),
          (q) => q.firstAnswerAt,
        ),
      ),
      staff: timing(
        waits(
          by(answered, (q) => q.firstAnswerRole, 'staff'),
          (q) => q.firstAnswerAt,
        ),
      ),
    },
    accepted: {
      all: timing(waits(solved, (q) => q.acceptedAt)),
      customers: timing(
        waits(
          by(solved, (q) => q.acceptedRole, 'customers'),
          (q) => q.acceptedAt,
        ),
      ),
      staff: timing(
        waits(
          by(solved, (q) => q.acceptedRole, 'staff'),
          (q) => q.acceptedAt,
        ),
      ),
    },
  }
}

export interface CategorySupport {
  categoryId: number
  current: SupportFigures
  previous: SupportFigures
}

/**
 * Support health for a period and the one before it: overall, per category
 * (those with questions in either period, busiest first) and questions asked
 * per day.
 */
export function supportHealth(outcomes: QuestionOutcome[], period: Period, previous: Period) {
  const current = outcomes.filter((q) => inPeriod(period, q.createdAt))
  const before = outcomes.filter((q) => inPeriod(previous, q.createdAt))
  const categoryIds = [...new Set(outcomes.map((q) => q.categoryId))]
  const byCategory: CategorySupport[] = categoryIds
    .map((categoryId) => ({
      categoryId,
      current: summarise(current.filter((q) => q.categoryId === categoryId)),
      previous: summarise(before.filter((q) => q.categoryId === categoryId)),
    }))
    .sort((a, b) => b.current.asked - a.current.asked || b.previous.asked - a.previous.asked || a.categoryId - b.categoryId)
  const perDay = new Map(daysOf(period).map((day) => [day, 0]))
  for (const q of current) {
    const day = dayOf(q.createdAt, period.timeZone)
    perDay.set(day, (perDay.get(day) ?? 0) + 1)
  }
  return {
    current: summarise(current),
    previous: summarise(before),
    byCategory,
    questionsPerDay: [...perDay].map(([day, questions]) => ({ day, questions })),
  }
}
