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

/** Removes a setting so its default holds again; returns the value it had (null when it was not set). */
export async function deleteSetting(sql: Db, key: string): Promise<unknown> {
  const [removed] = await sql<{ value: unknown }[]>`delete from settings where key = ${key} returning value`
  return removed?.value ?? null
}
