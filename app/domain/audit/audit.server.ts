import type { Db } from '../../../db/client'
import { insertAudit, type AuditTarget } from '../../../db/queries/audit'
import type { User } from '../policy.server'

/**
 * Staff actions the audit log describes in words (see describe.ts). Other
 * names are accepted too, and shown as they are, so a new action never
 * needs this list to be recorded.
 */
export type StaffAction =
  | 'thread:locked'
  | 'thread:unlocked'
  | 'thread:promoted'
  | 'post:deleted'
  | 'post:edited'
  | 'answer:accepted'
  | 'answer:unaccepted'
  | 'idea:statusChanged'
  | 'idea:merged'
  | 'idea:linked'
  | 'idea:unlinked'
  | (string & {})

/**
 * Writes the one audit entry of a staff action. Call it with the action's
 * own transaction, after the change is made: if the action rolls back its
 * entry goes with it, and an action that changed nothing (a thread locked
 * already) returns before it and leaves no entry.
 */
export async function recordStaffAction(
  tx: Db,
  actor: User,
  action: StaffAction,
  target: AuditTarget,
  detail: Record<string, unknown> = {},
  reason?: string | null,
): Promise<void> {
  await insertAudit(tx, { actorId: actor.id, action, target, detail, reason })
}

/**
 * Whether acting on something owned by `ownerId` is on someone else's behalf.
 * Members may edit, delete and accept their own things; only the same acts on
 * other people's things are moderation, and only those are audited.
 */
export function onBehalfOfSomeoneElse(actor: User, ownerId: number): boolean {
  return actor.id !== ownerId
}
