import type { Db } from '../client'

/* The audit log: who changed which rule or role, and from what to what. */

export async function insertAudit(sql: Db, entry: { actorId: number | null; action: string; detail: Record<string, unknown> }) {
  await sql`insert into audit_log (actor_id, action, detail) values (${entry.actorId}, ${entry.action}, ${JSON.stringify(entry.detail)}::text::jsonb)`
}

export async function listAudit(sql: Db, limit: number) {
  return sql<{ id: number; actorUsername: string | null; action: string; detail: Record<string, unknown>; createdAt: Date }[]>`
    select a.id, u.username as actor_username, a.action, a.detail, a.created_at
    from audit_log a left join users u on u.id = a.actor_id
    order by a.created_at desc, a.id desc limit ${limit}`
}
