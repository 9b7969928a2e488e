/*
 * What bench/live.ts and its reader process (bench/live-clients.ts) say to
 * each other, and the clock they both read.
 */

/** Wall-clock milliseconds with sub-millisecond resolution; both processes read the same system clock. */
export const clock = () => performance.timeOrigin + performance.now()

export type ToClients = { connect: { urls: string[]; count: number; threadId: number } } | { report: true }

export interface Connected {
  connected: number
  failed: number
  seconds: number
}

export interface Receipts {
  /** Per post number, the receipt time of each socket that got it. */
  times: Record<number, number[]>
  duplicates: number
  /** Sockets the server dropped while the bench ran (a missed ping when the readers' process is swamped). */
  disconnects: number
}

export type FromClients = { ready: true } | { connected: Connected } | { delivered: number } | { receipts: Receipts }
