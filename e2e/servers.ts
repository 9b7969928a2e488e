/*
 * One forum server per Playwright worker, each on a database of its own, so
 * tests in different workers never see each other's writes. The ports come
 * from E2E_PORTS (a comma-separated list, one per worker) or start at
 * E2E_PORT (3107) for the default two workers.
 */

export interface E2eServer {
  port: number
  baseURL: string
  /** The environment variable that holds the server's database URL once it is up (see e2e/serve.ts). */
  databaseUrlEnv: string
  /** The environment variable that holds the folder the server writes its mail to. */
  mailDirEnv: string
}

function ports(): number[] {
  const listed = process.env.E2E_PORTS?.split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  if (listed?.length) return listed.map(Number)
  const first = Number(process.env.E2E_PORT ?? 3107)
  return [first, first + 1]
}

export const e2eServers: E2eServer[] = ports().map((port, index) => {
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`E2E_PORTS: ${port} is not a port number`)
  return { port, baseURL: `http://localhost:${port}`, databaseUrlEnv: `E2E_DATABASE_URL_${index}`, mailDirEnv: `E2E_MAIL_DIR_${index}` }
})

/** The line e2e/serve.ts prints once its server answers (then the database URL, `mail` and the mail folder); the config captures both. */
export const READY_LINE = 'e2e server ready, database'
