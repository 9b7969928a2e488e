import type { Sql } from '../../../db/client'
import { insertAudit } from '../../../db/queries/audit'
import * as joining from '../../../db/queries/joining'
import type { UploadStore } from '../../../uploads/port'
import { eraseRefusedAccount, type MailCopies } from '../account/account.server'
import { DomainError } from '../errors'
import { authorize, type Actor } from '../policy.server'

/*
 * Accounts that joined while sign-up was held for approval: they sign in
 * and read, and write nothing until an admin approves them. The session
 * reads the account's state on every request, so approval takes effect on
 * the member's next page.
 */

const notWaiting = () => new DomainError('not_found', 'That account does not wait for approval: another admin may have decided already.')

export async function approveAccount(sql: Sql, actor: Actor, userId: number): Promise<{ username: string }> {
  const admin = authorize(actor, 'joining:manage')
  return sql.begin(async (tx) => {
    const account = await joining.lockAccountAwaitingApproval(tx, userId)
    if (!account) throw notWaiting()
    await joining.approveAccount(tx, account.id)
    await insertAudit(tx, {
      actorId: admin.id,
      action: 'account:approved',
      target: { type: 'user', id: account.id },
      detail: { username: account.username },
    })
    return { username: account.username }
  })
}

/**
 * Refuses a sign-up: the account is deleted as any account is (an
 * anonymous row stays, nothing that names it; its sessions end), and the
 * audit entry, like a deletion's, keeps no name.
 */
export async function refuseAccount(
  sql: Sql,
  stores: { uploads: UploadStore; mailCopies: MailCopies },
  actor: Actor,
  userId: number,
): Promise<{ username: string }> {
  const admin = authorize(actor, 'joining:manage')
  let username = ''
  await eraseRefusedAccount(sql, stores, admin.id, userId, (row) => {
    if (!row.approvalPendingSince) throw notWaiting()
    username = row.username
  })
  return { username }
}
