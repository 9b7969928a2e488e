import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import path from 'node:path'

import { freePort } from '../db/embedded'

/*
 * `npm test`: everything CI checks, in order, on a fresh machine too.
 * Type-check, lint, build, unit and integration tests (Vitest, on a real
 * PostgreSQL), then the browser tests (Playwright in Debian's Chromium).
 */

const bin = (name: string) => path.resolve('node_modules/.bin', name)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function step(title: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${title}`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = result.status === 0
  console.log(`${ok ? '✔' : '✘'} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return ok
}

/**
 * Runs checks side by side (the machine has cores to spare while each waits
 * on the disk) and prints each one's output whole once it ends, so the log
 * never interleaves.
 */
async function together(checks: { title: string; command: string; args: string[] }[]): Promise<boolean[]> {
  const started = Date.now()
  console.log(`\n▶ ${checks.map((c) => c.title).join(', ')} (side by side)`)
  return Promise.all(
    checks.map(
      ({ title, command, args }) =>
        new Promise<boolean>((resolve) => {
          const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
          const output: Buffer[] = []
          child.stdout.on('data', (chunk: Buffer) => output.push(chunk))
          child.stderr.on('data', (chunk: Buffer) => output.push(chunk))
          child.on('close', (code) => {
            const ok = code === 0
            const text = Buffer.concat(output).toString().trimEnd()
            if (text) console.log(text)
            console.log(`${ok ? '✔' : '✘'} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
            resolve(ok)
          })
        }),
    ),
  )
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return
  if (userInfo().uid !== 0) {
    console.error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium`,
    )
    process.exit(1)
  }
  console.log(`▶ installing Debian's Chromium for the browser tests`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env })
  const install =
    update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env }) : update
  if (install.status !== 0 || !existsSync(CHROMIUM)) {
    console.error('Could not install chromium with apt-get; install it by hand and run the tests again.')
    process.exit(1)
  }
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    return null
  }
}

ensureChromium()
rmSync('test-results', { recursive: true, force: true })
mkdirSync('test-results', { recursive: true })

const results: Record<string, boolean> = {}
// The build writes only what the checks ignore (build/, public/build/, .cache/), so it runs beside them.
;[results.typecheck, results.lint, results.format, results.build] = await together([
  { title: 'type-check', command: bin('tsc'), args: [] },
  { title: 'lint', command: bin('eslint'), args: ['.'] },
  { title: 'format (Prettier)', command: bin('prettier'), args: ['--check', '.'] },
  // The app and the server, as `npm start` runs them.
  { title: 'build', command: 'npm', args: ['run', '--silent', 'build'] },
])
if (!results.build) {
  console.error('\nThe build failed; the tests need it.')
  process.exit(1)
}
results.vitest = step('unit and integration tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
])
// Three browser workers, each with a forum server of its own (see e2e/servers.ts): the
// tests spend much of their time waiting on live updates and mail, so a third overlaps that waiting on two cores.
const ports = new Set<number>()
while (ports.size < 3) ports.add(await freePort())
results.e2e = step('browser tests', bin('playwright'), ['test'], { E2E_PORTS: [...ports].join(','), CHROMIUM_PATH: CHROMIUM })

const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
  'test-results/vitest.json',
)
const e2e = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>('test-results/e2e.json')
const passed = (vitest?.numPassedTests ?? 0) + (e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0)
let failed = (vitest?.numFailedTests ?? 0) + (e2e?.stats.unexpected ?? 0)
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (e2e?.stats.skipped ?? 0)
// A suite that crashed before reporting still counts as a failure.
if (!results.vitest && !vitest?.numFailedTests) failed += 1
if (!results.e2e && !e2e?.stats.unexpected) failed += 1

console.log('\nsummary:')
for (const [name, ok] of Object.entries(results)) console.log(`  ${ok ? '✔' : '✘'} ${name}`)
console.log(`  unit and integration: ${vitest?.numPassedTests ?? 0} passed, ${vitest?.numFailedTests ?? 0} failed`)
console.log(
  `  browser: ${(e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0)} passed, ${e2e?.stats.unexpected ?? 0} failed` +
    (e2e?.stats.flaky ? ` (${e2e.stats.flaky} passed only on a second try: flaky, see above)` : ''),
)
writeFileSync('test-results/summary.json', JSON.stringify({ passed, failed, skipped }))
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(Object.values(results).every(Boolean) ? 0 : 1)
