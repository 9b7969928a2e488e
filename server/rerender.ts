import { renderingIsStale, rerenderAll } from '../app/domain/markdown/pipeline.server'
import type { Sql } from '../db/client'

/**
 * Brings stored HTML up to date with the Markdown pipeline and the allowed
 * image hosts, in the background: pages keep serving the old HTML meanwhile.
 * One process does the work; the others find the job taken and skip it.
 */
export async function rerenderIfStale(sql: Sql, log: (line: string) => void): Promise<void> {
  try {
    if (!(await renderingIsStale(sql))) return
    let last = 0
    const result = await rerenderAll(sql, (p) => {
      if (p.total > 5_000 && p.done - last >= 50_000) {
        last = p.done
        log(`rendering posts again: ${p.done}/${p.total}`)
      }
    })
    if (result) log(`rendered ${result.done} posts and notes again (${result.changed} changed)`)
  } catch (error) {
    log(`could not render posts again: ${(error as Error).message}; run npm run forum -- posts:rerender`)
  }
}
