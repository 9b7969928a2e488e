import type { Sql } from '../db/client'
import { serve, withoutBodies, type LoadRow, type Targeted } from './serve'

/*
 * The public-pages part of `npm run bench`: what search engines and feed
 * readers fetch (the sitemap index, a sitemap of 5,000 threads, the Atom
 * feeds), and a visitor's browser revalidating a thread it already has.
 * Each document is measured as the page cache keeps it and rendered for
 * every request; the revalidation both from the kept page and from the
 * version query alone. Figures are printed against their targets, never
 * asserted.
 */

export interface PublicRow extends LoadRow, Targeted {
  KB: number | string
}

const DOCUMENT_P99 = 100
const REVALIDATION_P99 = 10

/** A thread's ETag once its version has settled (its newest events older than every running transaction). */
async function settledEtag(url: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const etag = (await fetch(url)).headers.get('etag')
    if (etag && /[tf]\d+"$/.test(etag)) return etag
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${url} has no settled ETag`)
}

export async function publicScenarios(sql: Sql, base: string, timing: { warmup: number; duration: number }): Promise<PublicRow[]> {
  const [thread] = await sql<{ id: number; slug: string; categorySlug: string }[]>`
    select t.id, t.slug, c.slug as category_slug from threads t join categories c on c.id = t.category_id
    where c.readable_by = 'everyone' and t.reply_count between 10 and 30 order by t.id limit 1`
  const threadUrl = `${base}/t/${thread.id}/${thread.slug}`
  const documents: Array<{ scenario: string; path: string }> = [
    { scenario: 'sitemap index', path: '/sitemap.xml' },
    { scenario: 'sitemap of 5,000 threads', path: '/sitemap/threads-1.xml' },
    { scenario: 'feed: latest threads', path: '/feeds/latest' },
    { scenario: 'feed: a category', path: `/feeds/c/${thread.categorySlug}` },
    { scenario: "feed: a thread's replies", path: `/feeds/t/${thread.id}` },
    { scenario: 'feed: shipped ideas', path: '/feeds/ideas/shipped' },
  ]
  const rows: PublicRow[] = []
  const add = (
    scenario: string,
    connections: number,
    rate: number,
    row: Omit<PublicRow, 'scenario' | 'connections' | 'req/s' | 'KB' | 'target' | 'met'>,
    size: number | string,
    target: number,
  ) =>
    rows.push({
      scenario,
      connections,
      'req/s': rate,
      ...row,
      KB: size,
      target: `p99 ≤ ${target} ms`,
      met: row['p99 ms'] <= target ? '✔' : '✘',
    })

  for (const doc of documents) {
    const response = await fetch(base + doc.path)
    if (response.status !== 200) throw new Error(`${doc.path} answered ${response.status}`)
    const size = Math.round(Buffer.byteLength(await response.text()) / 102.4) / 10
    for (const rendered of [false, true]) {
      for (const connections of [1, 10]) {
        const { rate, row } = await withoutBodies(() => serve(base + doc.path, connections, 200, {}, timing, { rendered }))
        add(`${doc.scenario}${rendered ? ', rendered each time' : ', kept'}`, connections, rate, row, size, DOCUMENT_P99)
        process.stdout.write('.')
      }
    }
  }

  // A browser revalidating the thread page it has: `Cache-Control: max-age=0` is what a reload sends.
  const etag = await settledEtag(threadUrl)
  const conditional = { 'if-none-match': etag, 'cache-control': 'max-age=0' }
  for (const rendered of [false, true]) {
    for (const connections of [1, 10]) {
      const { rate, row } = await serve(threadUrl, connections, 304, conditional, timing, { rendered })
      add(
        `thread revalidated, 304${rendered ? ' (page not kept: version query)' : ' (page kept)'}`,
        connections,
        rate,
        row,
        '',
        REVALIDATION_P99,
      )
      process.stdout.write('.')
    }
  }
  console.log('\n')
  return rows
}
