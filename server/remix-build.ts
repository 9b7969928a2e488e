import { watch, type FSWatcher } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { broadcastDevReady, type ServerBuild } from '@remix-run/node'

/*
 * The Remix server build the forum serves. In production it is imported
 * once. Under `npm run dev` (`remix dev --manual`) the compiler rebuilds on
 * every edit and leaves restarting to us; we do not restart, we import the
 * new build into the running process and tell the compiler it is served, so
 * the database, sockets and workers stay up while the app changes.
 */

// Written by the compiler after the server build, so a change to it means index.js is complete.
const VERSION_FILE = 'version.txt'

export interface RemixBuild {
  /** The build to serve the next request with. */
  current: () => ServerBuild
  /** Tells `remix dev` that the current build is being served; call once the server listens. */
  ready: () => Promise<void>
  close: () => void
}

async function importBuild(buildDir: string, version?: string): Promise<ServerBuild> {
  const url = pathToFileURL(path.join(buildDir, 'index.js')).href
  // ESM caches a module by URL for good; a new query string makes it import the new file.
  return (await import(version ? `${url}?v=${version}` : url)) as ServerBuild
}

export async function loadBuild(options: {
  /** Follow the compiler's rebuilds (development only: every import stays in memory). */
  live: boolean
  /** Called after a new build is swapped in, before the compiler hears of it. */
  onReload?: () => void
  log: (line: string) => void
  /** Where remix.config.js puts the server build. */
  dir?: string
}): Promise<RemixBuild> {
  const buildDir = path.resolve(options.dir ?? 'build')
  let build = await importBuild(buildDir)
  if (!options.live) return { current: () => build, ready: async () => {}, close: () => {} }

  const reload = async () => {
    const version = (await readFile(path.join(buildDir, VERSION_FILE), 'utf8')).trim()
    // Read between truncate and write: the event for the write follows.
    if (!version) return
    // An edit that changes no output rebuilds to the same version; the compiler still waits to hear it is served.
    if (version !== build.assets.version) {
      build = await importBuild(buildDir, version)
      options.onReload?.()
      options.log(`serving the rebuilt app (${version})`)
    }
    await broadcastDevReady(build)
  }
  // One reload at a time, in order: a single write may be reported more than once.
  let queue = Promise.resolve()
  const watcher: FSWatcher = watch(buildDir, (_event, file) => {
    if (file !== VERSION_FILE) return
    queue = queue.then(reload).catch((error: unknown) => {
      console.error('Could not load the rebuilt app; still serving the previous build.')
      console.error(error)
    })
  })
  return {
    current: () => build,
    ready: () => broadcastDevReady(build),
    close: () => watcher.close(),
  }
}
