import { spawn, type ChildProcess } from 'node:child_process'

/*
 * The forum as the benchmarks run it: the production build in a process of
 * its own, so its CPU and memory are its own and the load generator does
 * not share its event loop.
 */

/**
 * The flags `npm start` gives Node (package.json): a young generation big
 * enough that a page's garbage dies there, which cut the CPU a member's page
 * costs by about a tenth.
 */
const NODE_FLAGS = ['--max-semi-space-size=16']

/**
 * Starts the forum over `databaseUrl` on `port` and resolves once it says it
 * is ready: one process (the built `server/run.ts`), or with `workers` as `npm start`
 * runs it on a PostgreSQL server, that many worker processes.
 */
export function startForum(
  databaseUrl: string,
  port: number,
  options: { execArgv?: string[]; workers?: number } = {},
): Promise<ChildProcess> {
  const entry = options.workers ? 'build/server/start.mjs' : 'build/server/run.mjs'
  const child = spawn(process.execPath, [...NODE_FLAGS, ...(options.execArgv ?? []), entry], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      LOG_REQUESTS: 'off',
      ...(options.workers ? { WEB_CONCURRENCY: String(options.workers) } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready on')) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`the forum exited with ${code}`)))
  })
}

/** Stops a forum started by `startForum` the way an operator would, and waits for it to exit. */
export async function stopForum(forum: ChildProcess | undefined): Promise<void> {
  if (!forum || forum.exitCode !== null || forum.signalCode !== null) return
  const exited = new Promise((resolve) => forum.once('exit', resolve))
  forum.kill('SIGTERM')
  await exited
}
