import { serve, withoutBodies, type LoadRow, type Targeted } from './serve'

/*
 * The insights part of `npm run bench`: the page staff and product teams
 * read, and its JSON, for each period, as staff. Nothing is cached for
 * them, so every request computes every figure. Printed against the
 * target (p97.5, stricter than the p95 asked for), never asserted.
 */

export interface InsightsRow extends LoadRow, Targeted {
  KB: number
}

const TARGET_MS = 200

export async function insightsScenarios(
  base: string,
  staffCookie: string,
  timing: { warmup: number; duration: number },
): Promise<InsightsRow[]> {
  const rows: InsightsRow[] = []
  for (const days of [7, 30, 90]) {
    for (const path of [`/insights?days=${days}`, `/insights.json?days=${days}`]) {
      const headers = { cookie: staffCookie }
      const response = await fetch(base + path, { headers })
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
      const size = Math.round(Buffer.byteLength(await response.text()) / 102.4) / 10
      for (const connections of [1, 4]) {
        const { rate, row } = await withoutBodies(() => serve(base + path, connections, 200, headers, timing))
        rows.push({
          scenario: path,
          connections,
          'req/s': rate,
          ...row,
          KB: size,
          target: `p97.5 ≤ ${TARGET_MS} ms`,
          met: row['p97.5 ms'] <= TARGET_MS ? '✔' : '✘',
        })
        process.stdout.write('.')
      }
    }
  }
  console.log('\n')
  return rows
}
