import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/*
 * `npm start`: builds the app when the build is missing or older than its
 * sources, then starts the forum.
 */

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0
  const info = statSync(entry)
  if (!info.isDirectory()) return info.mtimeMs
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), info.mtimeMs)
}

const built = newestMtime('build/index.js')
const sources = Math.max(newestMtime('app'), newestMtime('db'), newestMtime('remix.config.js'), newestMtime('package.json'))
if (!built || sources > built) {
  console.log('[forum] building the app…')
  const result = spawnSync(process.execPath, [path.resolve('node_modules/@remix-run/dev/dist/cli.js'), 'build'], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

process.env.NODE_ENV ??= 'production'
const { main } = await import('./index')
await main()
