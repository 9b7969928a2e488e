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

/** Marks every snapshot as missing some activity; returns when each was computed and for which day. */
export async function markPending(sql: Db): Promise<{ days: number; periodTo: Date; computedAt: Date }[]> {
  return sql<{ days: number; periodTo: Date; computedAt: Date }[]>`
    update insight_snapshots set pending = true returning days, period_to, computed_at`
}

export async function forgetInsights(sql: Db): Promise<void> {
  await sql`delete from insight_snapshots`
}
