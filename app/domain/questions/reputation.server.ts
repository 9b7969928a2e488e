import type { Db } from '../../../db/client'
import * as q from '../../../db/queries/reputation'
import { badgesReached, POINTS, type Badge, type PointReason } from './recognition'

/** Gives the points a reason is worth, once. */
export async function givePoints(
  tx: Db,
  reason: PointReason,
  to: number,
  source: { postId?: number; threadId?: number; giverId?: number },
): Promise<void> {
  await q.insertReputationEvent(tx, { userId: to, reason, points: POINTS[reason], ...source })
}

/** Takes back exactly the points recorded for that reason and source. */
export async function takeBackPoints(
  tx: Db,
  reason: PointReason,
  source: { postId?: number; threadId?: number; giverId?: number },
): Promise<void> {
  await q.deleteReputationEvents(tx, { reason, ...source })
}

/** Badges are awarded once and kept. */
export async function awardBadge(tx: Db, userId: number, badge: Badge): Promise<void> {
  await q.insertBadge(tx, userId, badge)
}

export async function awardAnswerBadges(tx: Db, userId: number): Promise<void> {
  const accepted = await q.countAcceptedAnswers(tx, userId)
  for (const badge of badgesReached('acceptedAnswers', accepted)) await awardBadge(tx, userId, badge)
}
