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

export const BADGES = {
  first_reply: { label: 'First reply', description: 'Posted a first reply to help someone.' },
  first_accepted: { label: 'Problem solver', description: 'Had a first answer accepted.' },
  accepted_10: { label: 'Trusted helper', description: '10 accepted answers.' },
  accepted_50: { label: 'Community expert', description: '50 accepted answers.' },
  helpful_10: { label: 'Great answer', description: 'A reply that 10 people found helpful.' },
  me_too_10: { label: 'Common question', description: 'Asked a question 10 others also had.' },
} as const

export type Badge = keyof typeof BADGES
