/**
 * CPU profiles of the benchmarks' measured parts. A benchmark wraps the part it times in `measured(…)`;
 * `npm run bench -- --profile <row>` arms the profiler before the row runs, so each measured call is
 * one V8 CPU profile (node:inspector, this process's main thread) and the seeding, the warm-up and the
 * baseline stay out of it. Unarmed, `measured` only runs the function.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { findSourceMap } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CpuProfile, Locate } from '../scripts/cpu-profile-summary.js'

/** The profiles of a row's own measured calls, and of its baseline's where the benchmark marks them. */
export interface RowProfiles {
  ours: CpuProfile[]
  baseline: CpuProfile[]
}

let armed: { session: Session; profiles: RowProfiles } | undefined
let depth = 0

/**
 * Runs `fn`; while the profiler is armed, inside a CPU profile of its own (nested calls join the outer
 * one). `side` 'baseline': the baseline's timed call, profiled apart so the two can be compared.
 */
export async function measured<T>(fn: () => Promise<T>, side: keyof RowProfiles = 'ours'): Promise<T> {
  const a = armed
  if (!a || depth > 0) return fn()
  depth++
  await a.session.post('Profiler.start')
  try {
    return await fn()
  } finally {
    const { profile } = await a.session.post('Profiler.stop')
    a.profiles[side].push(profile as CpuProfile)
    depth--
  }
}

/**
 * Adds a profile recorded elsewhere (the console's page, through Chromium's own profiler) while armed;
 * `profiling()` says whether to record one.
 */
export function addProfile(profile: CpuProfile): void {
  armed?.profiles.ours.push(profile)
}

export const profiling = (): boolean => armed !== undefined

/** Arms the profiler: every `measured` call until `disarm()` is profiled. */
export async function arm(): Promise<void> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  armed = { session, profiles: { ours: [], baseline: [] } }
}

/** Stops profiling and hands the profiles recorded since `arm()`. */
export async function disarm(): Promise<RowProfiles> {
  const a = armed
  armed = undefined
  if (!a) return { ours: [], baseline: [] }
  await a.session.post('Profiler.disable')
  a.session.disconnect()
  return a.profiles
}

/**
 * The source line of a position in a transpiled module: tsx hands Node each TypeScript file's source
 * map, so a frame in src/…ts is reported at its line in the .ts file, not in tsx's output.
 */
export const locateSource: Locate = (url, line, column) => {
  if (!url.startsWith('file://')) return undefined
  const entry = findSourceMap(fileURLToPath(url))?.findEntry(line, column)
  return entry && 'originalLine' in entry ? entry.originalLine + 1 : undefined
}

/** Writes `<dir>/<row>-<stamp>-<i>.cpuprofile` for each profile (open them in Chrome DevTools); returns the paths. */
export function saveProfiles(dir: string, row: string, stamp: string, profiles: readonly CpuProfile[]): string[] {
  mkdirSync(dir, { recursive: true })
  return profiles.map((p, i) => {
    const file = path.join(dir, `${row}-${stamp}-${i + 1}.cpuprofile`)
    writeFileSync(file, JSON.stringify(p))
    return file
  })
}
