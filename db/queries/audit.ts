import type { Db } from '../client'

/* The audit log: every staff action and rule change, who did it, to what, and why. Rows are never updated. */

export type AuditTarget = {
  type: 'post' | 'thread' | 'user' | 'category' | 'setting' | 'idea' | 'upload' | 'invitation'
  id: number | string
}

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

export interface AuditFilters {
  /** The actor's username, any case. */
  actor?: string
  action?: string
  /** Entries about targets of these types, or about one of them when `id` is given. */
  target?: { types: AuditTarget['type'][]; id?: string }
}

/** An entry with what its target is called now, for the audit log page. */
export interface AuditRow {
  id: number
  actorUsername: string | null
  action: string
  detail: Record<string, unknown>
  reason: string | null
  createdAt: Date
  targetType: AuditTarget['type'] | null
  targetId: string | null
  threadId: number | null
  threadTitle: string | null
  threadSlug: string | null
  postNumber: number | null
  targetUsername: string | null
  categorySlug: string | null
  categoryName: string | null
}

/** A target id as a row id, only where the target is a row (settings are keys); never a failed cast. */
const targetRowId = (sql: Db, ...types: string[]) =>
  sql`case when a.target_type in ${sql(types)} and a.target_id ~ '^[0-9]{1,18}$' then a.target_id::bigint end`

/**
 * One page of the audit log, newest first, keyset-paged by id (`before`: the
 * last id of the previous page). Targets are joined in the same statement:
 * threads and ideas by id, posts with their thread, users, categories.
 */
export async function listAuditPage(sql: Db, options: { filters: AuditFilters; before?: number; limit: number }): Promise<AuditRow[]> {
  const { filters, before, limit } = options
  return sql<AuditRow[]>`
    select a.id, u.username as actor_username, a.action, a.detail, a.reason, a.created_at, a.target_type, a.target_id,
           coalesce(tt.id, pt.id) as thread_id, coalesce(tt.title, pt.title) as thread_title, coalesce(tt.slug, pt.slug) as thread_slug,
           p.post_number, tu.username as target_username, c.slug as category_slug, c.name as category_name
    from audit_log a
    left join users u on u.id = a.actor_id
    left join threads tt on tt.id = ${targetRowId(sql, 'thread', 'idea')}
    left join posts p on p.id = ${targetRowId(sql, 'post')}
    left join threads pt on pt.id = p.thread_id
    left join users tu on tu.id = ${targetRowId(sql, 'user')}
    left join categories c on c.id = ${targetRowId(sql, 'category')}
    where true
      ${before ? sql`and a.id < ${before}` : sql``}
      ${filters.actor ? sql`and a.actor_id = (select id from users where lower(username) = lower(${filters.actor}))` : sql``}
      ${filters.action ? sql`and a.action = ${filters.action}` : sql``}
      ${filters.target ? sql`and a.target_type in ${sql(filters.target.types)}` : sql``}
      ${filters.target?.id ? sql`and a.target_id = ${filters.target.id}` : sql``}
    order by a.id desc
    limit ${limit}`
}

/** The action names the log holds, for the filter's choices. */
export async function listAuditActions(sql: Db): Promise<string[]> {
  // A loose index scan: one index probe per distinct action, however long the log grows.
  const rows = await sql<{ action: string }[]>`
    with recursive actions as (
      (select action from audit_log order by action limit 1)
      union all
      select (select a.action from audit_log a where a.action > actions.action order by a.action limit 1)
      from actions where actions.action is not null
    )
    select action from actions where action is not null`
  return rows.map((r) => r.action)
}
