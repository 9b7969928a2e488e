import type { Db } from '../client'

export async function findSettings(sql: Db): Promise<Record<string, unknown>> {
  const rows = await sql<{ key: string; value: unknown }[]>`select key, value from settings`
  return Object.fromEntries(rows.map((r) => [r.key, r.value]))
}

export async function upsertSetting(sql: Db, key: string, value: unknown, actorId: number): Promise<unknown> {
  const [previous] = await sql<{ value: unknown }[]>`select value from settings where key = ${key} for update`
  await sql`
    insert into settings (key, value, updated_by) values (${key}, ${JSON.stringify(value)}::text::jsonb, ${actorId})
    on conflict (key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`
  return previous?.value ?? null
}

export async function insertAudit(sql: Db, entry: { actorId: number | null; action: string; detail: Record<string, unknown> }) {
  await sql`insert into audit_log (actor_id, action, detail) values (${entry.actorId}, ${entry.action}, ${JSON.stringify(entry.detail)}::text::jsonb)`
}

export async function listAudit(sql: Db, limit: number) {
  return sql<{ id: number; actorUsername: string | null; action: string; detail: Record<string, unknown>; createdAt: Date }[]>`
    select a.id, u.username as actor_username, a.action, a.detail, a.created_at
    from audit_log a left join users u on u.id = a.actor_id
    order by a.created_at desc, a.id desc limit ${limit}`
}
