import type { Db } from '../../../db/client'
import * as mod from '../../../db/queries/moderation'
import { recordEvent } from '../events'

/** Tells staff pages how many posts wait for a decision. */
export async function queueChanged(tx: Db) {
  await recordEvent(tx, { type: 'mod:queue', waiting: await mod.countWaiting(tx) })
}

/** A deleted post leaves the queue: its open flags count as upheld. */
export async function settleFlagsOnDelete(tx: Db, postId: number, by: number) {
  if (await mod.resolveFlags(tx, postId, 'upheld', by)) await queueChanged(tx)
}
