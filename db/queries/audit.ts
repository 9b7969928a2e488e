import type { Db } from '../client'

/* The audit log: every staff action and rule change, who did it, to what, and why. Rows are never updated. */

export type AuditTarget = { type: 'post' | 'thread' | 'user' | 'category' | 'setting' | 'idea'; id: number | string }

export interface AuditEntry {
  actorId: number | null
  action: string
  target?: AuditTarget
  reason?: string | null
  detail: Record<string, unknown>
}

export async function insertAudit(sql: Db, entry: AuditEntry) {
  await sql`
    insert into audit_log (actor_id, action, target_type, target_id, reason, detail)
    values (${entry.actorId}, ${entry.action}, ${entry.target?.type ?? null}, ${entry.target ? String(entry.target.id) : null},
            ${entry.reason ?? null}, ${JSON.stringify(entry.detail)}::text::jsonb)`
}

export async function listAudit(sql: Db, limit: number) {
  return sql<{ id: number; actorUsername: string | null; action: string; detail: Record<string, unknown>; createdAt: Date }[]>`
    select a.id, u.username as actor_username, a.action, a.detail, a.created_at
    from audit_log a left join users u on u.id = a.actor_id
    order by a.created_at desc, a.id desc limit ${limit}`
}
