/**
 * What helping earns. One table of points and one of badges, used by the
 * domain when it gives or takes back, by the full recomputation, and by pages.
 */
export const POINTS = {
  /** The asker (or staff) accepted your reply as the answer. */
  answer_accepted: 15,
  /** Someone found your reply helpful. */
  helpful_vote: 10,
  /** Someone else had your question too: it was worth asking. */
  me_too: 2,
} as const

export type PointReason = keyof typeof POINTS

/** Each badge is earned once, when what it counts reaches its threshold. */
export const BADGES = {
  first_reply: { label: 'First reply', description: 'Posted a first reply to help someone.', counts: 'replies', at: 1 },
  first_accepted: { label: 'Problem solver', description: 'Had a first answer accepted.', counts: 'acceptedAnswers', at: 1 },
  accepted_10: { label: 'Trusted helper', description: '10 accepted answers.', counts: 'acceptedAnswers', at: 10 },
  accepted_50: { label: 'Community expert', description: '50 accepted answers.', counts: 'acceptedAnswers', at: 50 },
  helpful_10: { label: 'Great answer', description: 'A reply that 10 people found helpful.', counts: 'helpfulVotesOnReply', at: 10 },
  me_too_10: { label: 'Common question', description: 'Asked a question 10 others also had.', counts: 'meToosOnQuestion', at: 10 },
} as const

export type Badge = keyof typeof BADGES
export type BadgeMeasure = (typeof BADGES)[Badge]['counts']

/** The badges a count of this measure has reached. */
export function badgesReached(measure: BadgeMeasure, count: number): Badge[] {
  return (Object.keys(BADGES) as Badge[]).filter((badge) => BADGES[badge].counts === measure && count >= BADGES[badge].at)
}
