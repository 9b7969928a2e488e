import type { Db } from '../../../db/client'
import { setAcceptedPost } from '../../../db/queries/questions'
import { takeBackPoints } from '../questions/reputation.server'

/**
 * What taking a reply out of public view changes, whether it is deleted or
 * hidden by a moderator: the points its helpful votes earned are taken back,
 * and if it was the accepted answer, the answerer's points too and the
 * question is open again. Its number stays, so later posts keep theirs.
 * Runs in the caller's transaction, with the thread locked.
 */
export async function takeOutOfPublicView(tx: Db, thread: { id: number; acceptedPostId: number | null }, postId: number) {
  await takeBackPoints(tx, 'helpful_vote', { postId })
  if (thread.acceptedPostId === postId) {
    await takeBackPoints(tx, 'answer_accepted', { threadId: thread.id })
    await setAcceptedPost(tx, thread.id, null)
  }
}
