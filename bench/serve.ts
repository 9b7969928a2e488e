import { createRequire } from 'node:module'
import autocannon from 'autocannon'

/** One line of a load table: a scenario at a number of connections, its rate and latencies. */
export interface LoadRow {
  scenario: string
  connections: number
  'req/s': number
  'p50 ms': number
  'p97.5 ms': number
  'p99 ms': number
}

/** A row measured against a target, with the answers it did not expect counted apart. */
export interface Targeted {
  /** Responses other than the one the scenario expects, and connection errors. */
  others: number
  target: string
  met: string
}

/*
 * autocannon keeps each response's body as a string (`body += chunk`, for
 * onResponse and expectBody), which decodes every chunk as UTF-8: on a
 * 200 KB image that caps one autocannon process near 350 requests a second
 * whatever the server does (a bare Node server returning a buffer measures
 * the same). These scenarios use neither, so while they run the body is
 * counted (bytes, throughput) but not kept.
 */
const PipelinedRequestsQueue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as {
  prototype: { addBody: (data: Buffer) => void }
}

export async function withoutBodies<T>(run: () => Promise<T>): Promise<T> {
  const addBody = PipelinedRequestsQueue.prototype.addBody
  PipelinedRequestsQueue.prototype.addBody = () => {}
  try {
    return await run()
  } finally {
    PipelinedRequestsQueue.prototype.addBody = addBody
  }
}

/**
 * GETs one address for `seconds`, after a warm-up, counting only responses
 * with the expected status: the rate is of those, and every other answer is
 * counted apart.
 */
export async function serve(
  url: string,
  connections: number,
  expected: number,
  headers: Record<string, string>,
  timing: { warmup: number; duration: number },
  { rendered = false }: { rendered?: boolean } = {},
) {
  // `rendered`: each request's address differs (an unused query parameter), so none is served from the page cache.
  let turn = 0
  const requests: autocannon.Request[] | undefined = rendered
    ? [{ setupRequest: (request) => ({ ...request, path: `${new URL(url).pathname}?bench=${turn++}` }) }]
    : undefined
  await autocannon({ url, connections, duration: timing.warmup, pipelining: 1, headers, requests })
  const result = await autocannon({ url, connections, duration: timing.duration, pipelining: 1, headers, requests })
  const stats = result.statusCodeStats ?? {}
  const wanted = stats[`${expected}`]?.count ?? 0
  const all = Object.values(stats).reduce((sum, s) => sum + (s.count ?? 0), 0)
  return {
    rate: Math.round(wanted / result.duration),
    row: {
      'p50 ms': result.latency.p50,
      'p97.5 ms': result.latency.p97_5,
      'p99 ms': result.latency.p99,
      'MB/s': Math.round(result.throughput.average / 1024 / 102.4) / 10,
      others: all - wanted + result.errors,
    },
  }
}
