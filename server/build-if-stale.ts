import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/*
 * The first half of `npm start`: builds the app and the server when either
 * build is missing, older than its sources or made by `npm run dev`. The
 * second half runs the built server with plain Node, without a TypeScript
 * loader in the process for as long as the forum runs.
 */

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0
  const info = statSync(entry)
  if (!info.isDirectory()) return info.mtimeMs
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), info.mtimeMs)
}

// The server bundle is written last, so its time is the whole build's.
const built = Math.min(newestMtime('build/index.js'), newestMtime('build/server/start.mjs'))
const sources = Math.max(
  ...['app', 'db', 'server', 'mail', 'search', 'uploads', 'seeds', 'remix.config.js', 'package.json'].map(newestMtime),
)
// `npm run dev` leaves a development build (unminified, React's development code) in the same place.
const developmentBuild = built > 0 && /\bmode = "development"/.test(readFileSync('build/index.js', 'utf8'))
if (!built || sources > built || developmentBuild) {
  console.log('[forum] building the app…')
  const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
