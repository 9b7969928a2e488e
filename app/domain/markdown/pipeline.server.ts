import type { Db, Sql } from '../../../db/client'
import * as rendering from '../../../db/queries/rendering'
import { findUploadFacts } from '../../../db/queries/uploads'
import { recordEvent } from '../events'
import { getSettings } from '../settings/settings.server'
import { pipelineStamp, renderMarkdown, uploadHashesIn, type RenderOptions, type ShownUpload } from './render.server'

/*
 * Posts keep the HTML made when they were written. What that HTML depends
 * on besides the Markdown (the pipeline's version, the allowed image hosts)
 * is recorded as a stamp; when the stamp changes, every stored text is
 * rendered again.
 */

const CACHE_MS = 5_000
const cache = new WeakMap<object, { options: RenderOptions; at: number }>()

/** The options a write renders with; read from the settings at most every few seconds per pool. */
export async function renderOptions(sql: Db): Promise<RenderOptions> {
  const hit = cache.get(sql)
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.options
  const { imageHosts } = await getSettings(sql)
  const options = { imageHosts }
  cache.set(sql, { options, at: Date.now() })
  return options
}

/** Forgets the cached options after a settings change in this process. */
export function forgetRenderOptions(sql: Db) {
  cache.delete(sql)
}

/** What the texts show of the forum's uploads: sizes, and which staff took down. */
async function uploadsShownIn(sql: Db, markdowns: readonly string[]): Promise<Map<string, ShownUpload> | undefined> {
  const hashes = [...new Set(markdowns.flatMap(uploadHashesIn))]
  if (!hashes.length) return undefined
  return new Map((await findUploadFacts(sql, hashes)).map(({ hash, ...facts }) => [hash, facts]))
}

/** A post's Markdown to the HTML stored beside it. */
export async function renderPost(sql: Db, markdown: string): Promise<string> {
  const [options, uploads] = await Promise.all([renderOptions(sql), uploadsShownIn(sql, [markdown])])
  return renderMarkdown(markdown, uploads ? { ...options, uploads } : options)
}

const STAMP_KEY = 'markdownRenderedWith'
const BATCH = 500

/** True when stored HTML was made by another pipeline or other settings than the current ones. */
export async function renderingIsStale(sql: Sql): Promise<boolean> {
  forgetRenderOptions(sql)
  const current = pipelineStamp(await renderOptions(sql))
  return (await rendering.findStamp(sql, STAMP_KEY)) !== current
}

/** Records that stored HTML is current, for content just written through this pipeline (seeds). */
export async function markRenderingCurrent(sql: Sql): Promise<void> {
  forgetRenderOptions(sql)
  await rendering.saveStamp(sql, STAMP_KEY, pipelineStamp(await renderOptions(sql)))
}

export interface RerenderProgress {
  total: number
  done: number
  changed: number
}

/**
 * Renders every post and internal note again in batches, writing only what
 * changed, then records the stamp. Returns null when another process holds
 * the job; a forum event tells every process to drop its cached pages.
 */
export async function rerenderAll(sql: Sql, onProgress: (progress: RerenderProgress) => void = () => {}): Promise<RerenderProgress | null> {
  const lock = await sql.reserve()
  try {
    if (!(await rendering.tryLockRerender(lock))) return null
    forgetRenderOptions(sql)
    const options = await renderOptions(sql)
    const progress: RerenderProgress = { total: await rendering.countRendered(sql), done: 0, changed: 0 }
    onProgress(progress)
    for (const table of ['posts', 'idea_notes'] as const) {
      let after = 0
      for (;;) {
        const rows = await rendering.findRenderedBatch(sql, table, after, BATCH)
        if (rows.length === 0) break
        const uploads = await uploadsShownIn(
          sql,
          rows.map((row) => row.markdown),
        )
        const changed = rows
          .map((row) => ({ id: row.id, html: renderMarkdown(row.markdown, { ...options, uploads }) }))
          .filter((row, i) => row.html !== rows[i].html)
        if (changed.length) await rendering.updateRenderedHtml(sql, table, changed)
        after = rows[rows.length - 1].id
        progress.done += rows.length
        progress.changed += changed.length
        onProgress(progress)
      }
    }
    await sql.begin(async (tx) => {
      await rendering.saveStamp(tx, STAMP_KEY, pipelineStamp(options))
      // Every process drops pages it kept for visitors once stored HTML changed.
      if (progress.changed) await recordEvent(tx, { type: 'posts:rerendered', changed: progress.changed })
    })
    return progress
  } finally {
    await rendering.unlockRerender(lock).catch(() => {})
    lock.release()
  }
}
