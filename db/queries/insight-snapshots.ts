import type { Db } from '../client'

/* The insights figures kept per period (see migration 0026). */

export interface InsightSnapshot<Figures> {
  days: number
  periodTo: Date
  computedAt: Date
  pending: boolean
  figures: Figures
}

export async function findSnapshot<Figures>(sql: Db, days: number): Promise<InsightSnapshot<Figures> | undefined> {
  const [row] = await sql<InsightSnapshot<Figures>[]>`
    select days, period_to, computed_at, pending, figures from insight_snapshots where days = ${days}`
  return row
}

export async function saveSnapshot(sql: Db, snapshot: { days: number; periodTo: Date; computedAt: Date; figures: unknown }): Promise<void> {
  await sql`
    insert into insight_snapshots (days, period_to, computed_at, pending, figures)
    values (${snapshot.days}, ${snapshot.periodTo}, ${snapshot.computedAt}, false, ${sql.json(snapshot.figures as never)})
    on conflict (days) do update
      set period_to = excluded.period_to, computed_at = excluded.computed_at, pending = false, figures = excluded.figures
      -- Two processes may compute at once: the later computation wins.
      where insight_snapshots.computed_at <= excluded.computed_at`
}

/** Which periods are kept, for which day, and when each was computed. */
export async function listSnapshots(sql: Db): Promise<{ days: number; periodTo: Date; computedAt: Date }[]> {
  return sql<{ days: number; periodTo: Date; computedAt: Date }[]>`select days, period_to, computed_at from insight_snapshots`
}

/** Marks every kept snapshot as missing some activity. */
export async function markPending(sql: Db): Promise<void> {
  // Already pending stays as it is: most events would otherwise rewrite the rows for nothing.
  await sql`update insight_snapshots set pending = true where not pending`
}

export async function forgetInsights(sql: Db): Promise<void> {
  await sql`delete from insight_snapshots`
}
