import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/*
 * `npm start`: builds the app when the build is missing, older than its
 * sources or made by `npm run dev`, then starts the forum.
 */

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0
  const info = statSync(entry)
  if (!info.isDirectory()) return info.mtimeMs
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), info.mtimeMs)
}

const built = newestMtime('build/index.js')
const sources = Math.max(newestMtime('app'), newestMtime('db'), newestMtime('remix.config.js'), newestMtime('package.json'))
// `npm run dev` leaves a development build (unminified, React's development code) in the same place.
const developmentBuild = built > 0 && /\bmode = "development"/.test(readFileSync('build/index.js', 'utf8'))
if (!built || sources > built || developmentBuild) {
  console.log('[forum] building the app…')
  const result = spawnSync(process.execPath, [path.resolve('node_modules/@remix-run/dev/dist/cli.js'), 'build'], {
    stdio: 'inherit',
    // The Remix CLI loads its Vite plugin, which requires Vite's deprecated CommonJS entry, even for
    // the classic compiler that never uses it; we cannot make that import ESM, so say we know.
    env: { ...process.env, VITE_CJS_IGNORE_WARNING: 'true' },
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

process.env.NODE_ENV ??= 'production'
const { main } = await import('./index')
// On a PostgreSQL server, one worker process per core (WEB_CONCURRENCY); see server/cluster.ts.
await main({ cluster: true })
