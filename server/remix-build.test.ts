import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'

import { loadBuild } from './remix-build'

/*
 * What `remix dev --manual` expects of the app server: import each rebuild
 * without restarting, then tell the compiler (POST /ping with the build's
 * version) that it is being served.
 */

let dir = ''
let compiler: Server
const pings: string[] = []
const originalOrigin = process.env.REMIX_DEV_ORIGIN

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'forum-build-'))
  await writeFile(path.join(dir, 'package.json'), '{"type": "module"}')
  compiler = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      pings.push((JSON.parse(body) as { buildHash: string }).buildHash)
      res.end()
    })
  })
  await new Promise<void>((resolve) => compiler.listen(0, '127.0.0.1', resolve))
  process.env.REMIX_DEV_ORIGIN = `http://127.0.0.1:${(compiler.address() as AddressInfo).port}`
})

afterAll(async () => {
  process.env.REMIX_DEV_ORIGIN = originalOrigin
  await new Promise((resolve) => compiler.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

/** Writes a build the way the compiler does: the server build first, then version.txt. */
async function writeBuild(buildDir: string, version: string) {
  await mkdir(buildDir, { recursive: true })
  await writeFile(
    path.join(buildDir, 'index.js'),
    `export const assets = { version: ${JSON.stringify(version)} }\nexport const greeting = 'hello from ${version}'\n`,
  )
  await writeFile(path.join(buildDir, 'version.txt'), version)
}

const greeting = (build: unknown) => (build as { greeting: string }).greeting

it('serves each rebuild from the running process and tells the compiler', async () => {
  const buildDir = path.join(dir, 'live')
  await writeBuild(buildDir, 'aaaa1111')
  const reloads = vi.fn()
  const build = await loadBuild({ live: true, dir: buildDir, onReload: reloads, log: () => {} })
  try {
    expect(greeting(build.current())).toBe('hello from aaaa1111')
    await build.ready()
    expect(pings).toEqual(['aaaa1111'])

    await writeBuild(buildDir, 'bbbb2222')
    await vi.waitFor(() => expect(greeting(build.current())).toBe('hello from bbbb2222'))
    await vi.waitFor(() => expect(pings.at(-1)).toBe('bbbb2222'))
    expect(reloads).toHaveBeenCalledTimes(1)

    // Back to an earlier build: served again, though that module was imported before.
    await writeBuild(buildDir, 'aaaa1111')
    await vi.waitFor(() => expect(greeting(build.current())).toBe('hello from aaaa1111'))
    await vi.waitFor(() => expect(pings.at(-1)).toBe('aaaa1111'))
  } finally {
    build.close()
  }
})

it('imports the build once and watches nothing in production', async () => {
  const buildDir = path.join(dir, 'production')
  await writeBuild(buildDir, 'cccc3333')
  const build = await loadBuild({ live: false, dir: buildDir, log: () => {} })
  const before = pings.length
  await writeBuild(buildDir, 'dddd4444')
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(greeting(build.current())).toBe('hello from cccc3333')
  expect(pings.length).toBe(before)
  build.close()
})

/*
 * The production browser build (public/build, written by the test command's
 * build step before Vitest runs). Zod is some 450 KB: were a page's labels or
 * limits imported from a module that also builds schemas, every reader would
 * download it with the page, though only the server validates.
 */
it('sends browsers no validation library with the pages', async () => {
  if (!existsSync('public/build')) throw new Error('No browser build in public/build: run `npm run build` (the test command does) first.')
  const files = (await readdir('public/build', { recursive: true })).filter((name) => /\.(js|css)$/.test(name))
  expect(files.length, 'public/build holds no scripts: run `npm run build` (the test command does) first.').toBeGreaterThan(0)
  const withZod: string[] = []
  for (const name of files) if ((await readFile(path.join('public/build', name), 'utf8')).includes('ZodError')) withZod.push(name)
  expect(
    withZod,
    'These browser files carry zod, so the browser would download the validation library on every page: ' +
      'import pages’ labels and limits from the area’s *.terms.ts module, and schemas only in loaders and actions',
  ).toEqual([])
})
