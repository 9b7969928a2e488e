/**
 * "How this is counted", one sentence per figure, and how figures read.
 * Client-safe: the page shows these under each figure, and the JSON
 * carries them so an export explains itself.
 */

export const howCounted = {
  asked: 'Questions started in the period, leaving out deleted, held and merged ones.',
  answered: 'Questions asked in the period with at least one public reply by someone other than the asker, whenever that reply came.',
  solved: 'Questions asked in the period that have an accepted answer now.',
  peerAnswerRate:
    'Of the period’s solved questions, the share whose accepted answer a customer wrote (a member, not staff, product or admin).',
  answerTimes:
    'From the question to its first answer, and to the answer accepted now: the median and the 90th percentile over the period’s questions, split by who wrote that answer.',
  questionsPerDay: 'Questions asked each day of the period, by the day in the community’s time zone.',
  categories: 'The same figures for each category, over the questions asked in it during the period.',
  unanswered: 'Questions asked in the period with no public reply yet from anyone but the asker, oldest first (20 at most).',
  meToo: '“Me too” said on each question during the period (10 at most).',
  customersAffected:
    'Open ideas by customers affected now: members among their voters and author, and the authors and “me too” people of their linked threads. A count of today, not of the period.',
  growingIdeas: 'Votes and linked threads each idea gained during the period (10 at most).',
  shipped: 'Ideas whose status became Shipped during the period and still is (the latest 10 listed).',
  searchMisses:
    'Searches during the period that found nothing, grouped by their words lower-cased, trimmed and with repeated spaces made one (20 at most).',
  helpers:
    'Answers accepted and helpful votes received during the period; both are taken back when an answer is unaccepted or hidden (10 at most).',
  newMembers: 'Members who joined during the period and wrote a public post in it.',
  returningMembers: 'Members who wrote during the period and before the period before it, but nothing during the period before.',
} as const

export type Figure = keyof typeof howCounted

/** A share as a whole percentage; a dash when there was nothing to divide. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`
}

/** A wait in the largest units that read well: 40 min, 3 h 20 min, 2 d 4 h. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`
  const days = Math.floor(hours / 24)
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`
}
