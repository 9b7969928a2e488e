import { createHash } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/*
 * The kinds of final page checked with axe in this run (see pageKind in
 * fixtures.ts), shared by every worker: a file per kind in a folder the
 * global setup empties, created exclusively so exactly one worker claims
 * each kind.
 */

const DIR = path.resolve('test-results/axe-checked-kinds')
const fileOf = (kind: string) => path.join(DIR, createHash('sha256').update(kind).digest('hex'))

/** True for the one caller that should check this kind now. */
export function claimKind(kind: string): boolean {
  mkdirSync(DIR, { recursive: true })
  try {
    writeFileSync(fileOf(kind), kind, { flag: 'wx' })
    return true
  } catch {
    return false
  }
}

/** A check that failed is made again when its test is retried. */
export function releaseKind(kind: string) {
  rmSync(fileOf(kind), { force: true })
}

export function forgetCheckedKinds() {
  rmSync(DIR, { recursive: true, force: true })
}
