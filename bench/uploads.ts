import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'

import { getSettings } from '../app/domain/settings/settings.server'
import { processUpload } from '../app/domain/uploads/process.server'
import { uploadRules } from '../app/domain/uploads/uploads.server'
import type { Sql } from '../db/client'
import { makeUser, TEST_PASSWORD } from '../tests/factories'
import { signIn } from '../tests/forum-server'
import { mediumImage, screenshot } from './images'
import { serve, withoutBodies, type LoadRow, type Targeted } from './serve'

/*
 * The uploads part of `npm run bench`: an image served from the PostgreSQL
 * store (200 and 304), and the pipeline's time on a 2 MB screenshot, each
 * against the figure it is meant to reach. The figures are printed, never
 * asserted: a slow machine is not a failing build.
 */

export interface ServingRow extends LoadRow, Targeted {
  'MB/s': number
}

export interface TimingRow {
  scenario: string
  runs: number
  'median ms': number
  'p95 ms': number
  'max ms': number
  target: string
  met: string
}

/** PROCESS_RUNS timed runs of processUpload after PROCESS_WARMUPS untimed ones; HTTP_RUNS uploads after one. */
const PROCESS_WARMUPS = 2
const PROCESS_RUNS = 10
const HTTP_RUNS = 5

const kilobytes = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`

/** Nearest-rank percentile of a list of times. */
function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  return Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)])
}

async function describe(bytes: Buffer): Promise<string> {
  const { width, height } = await sharp(bytes).metadata()
  return `${width}×${height} PNG`
}

/** Uploads a file as the editor does (POST /uploads, one multipart field `file`). */
async function upload(base: string, cookie: string, name: string, bytes: Buffer): Promise<{ hash: string; path: string }> {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name)
  const response = await fetch(`${base}/uploads`, { method: 'POST', headers: { cookie, origin: base }, body: form })
  if (response.status !== 201) throw new Error(`the upload was answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as { hash: string; path: string }
}

export async function uploadScenarios(
  sql: Sql,
  base: string,
  timing: { warmup: number; duration: number },
): Promise<{ serving: ServingRow[]; processing: TimingRow[] }> {
  const member = await makeUser(sql)
  const cookie = await signIn(base, member.username, TEST_PASSWORD)

  // An image as members post them, uploaded through the forum: what is served is what the pipeline stored.
  const image = await mediumImage()
  const { hash, path } = await upload(base, cookie, 'photo-in-a-card.png', image)
  const served = Buffer.from(await (await fetch(base + path)).arrayBuffer())
  const [stored] = await sql<{ bytes: Buffer }[]>`select bytes from upload_bytes where hash = ${hash}`
  if (!stored || !stored.bytes.equals(served) || createHash('sha256').update(served).digest('hex') !== hash) {
    throw new Error(`${path} does not serve the bytes stored in upload_bytes under its hash`)
  }
  console.log(
    `image: ${await describe(image)}, ${kilobytes(image.length)} uploaded, ${kilobytes(served.length)} as the pipeline stored and serves it (${path})`,
  )

  const serving: ServingRow[] = []
  const cases: Array<{ scenario: string; status: number; headers: Record<string, string>; target: number }> = [
    { scenario: `upload image ${kilobytes(served.length)}, 200`, status: 200, headers: {}, target: 1_000 },
    { scenario: 'upload image, 304 (If-None-Match)', status: 304, headers: { 'if-none-match': `"${hash}"` }, target: 3_000 },
  ]
  for (const c of cases) {
    for (const connections of [1, 10]) {
      const { rate, row } = await withoutBodies(() => serve(base + path, connections, c.status, c.headers, timing))
      const targeted = connections === 10
      serving.push({
        scenario: c.scenario,
        connections,
        'req/s': rate,
        ...row,
        target: targeted ? `≥ ${c.target.toLocaleString('en')} req/s of ${c.status}` : '',
        met: targeted ? (rate >= c.target ? '✔' : '✘') : '',
      })
      process.stdout.write('.')
    }
  }
  console.log('\n')

  // A 2 MB screenshot, through the pipeline in this process, then as a member sends it.
  const shot = await screenshot()
  console.log(`screenshot: ${await describe(shot)}, ${kilobytes(shot.length)}`)
  const rules = uploadRules(await getSettings(sql))
  const times: number[] = []
  let storedSize = 0
  for (let run = 0; run < PROCESS_WARMUPS + PROCESS_RUNS; run++) {
    const started = performance.now()
    const processed = await processUpload({ name: 'screenshot.png', bytes: shot }, rules)
    if (run >= PROCESS_WARMUPS) times.push(performance.now() - started)
    storedSize = processed.bytes.length
  }
  // The same bytes each time: the first upload stores them, the others find them stored (as a member sending it twice would).
  const uploads: number[] = []
  for (let run = 0; run < 1 + HTTP_RUNS; run++) {
    const started = performance.now()
    await upload(base, cookie, 'screenshot.png', shot)
    if (run > 0) uploads.push(performance.now() - started)
  }
  const median = percentile(times, 50)
  const processing: TimingRow[] = [
    {
      scenario: `2 MB PNG processed (processUpload, ${kilobytes(shot.length)} → ${kilobytes(storedSize)})`,
      runs: times.length,
      'median ms': median,
      'p95 ms': percentile(times, 95),
      'max ms': Math.round(Math.max(...times)),
      target: '≤ 300 ms (median)',
      met: median <= 300 ? '✔' : '✘',
    },
    {
      scenario: '2 MB PNG uploaded (POST /uploads, signed in)',
      runs: uploads.length,
      'median ms': percentile(uploads, 50),
      'p95 ms': percentile(uploads, 95),
      'max ms': Math.round(Math.max(...uploads)),
      target: 'none: what a member waits for',
      met: '',
    },
  ]
  return { serving, processing }
}
