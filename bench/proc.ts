import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/* What Linux says of a process under load: its CPU time and its memory. */

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString())

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match![1])
}

/** Resident memory of a process, in bytes. */
export function rss(pid: number): number {
  return statusKb(pid, 'VmRSS') * 1024
}

/** The most resident memory a process has had since it started, in bytes. */
export function peakRss(pid: number): number {
  return statusKb(pid, 'VmHWM') * 1024
}

/** CPU time a process has used so far (user + system), in milliseconds. */
export function cpuMs(pid: number): number {
  // The command name is in parentheses and may hold spaces: count fields from after it.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}
