/**
 * `npm run bench -- --profile [rows…]`: runs each row with the profiler armed (bench/profiler.ts), so the
 * CPU profile covers the row's measured part only, writes the profiles to bench/profiles/ (gitignored;
 * open them in Chrome DevTools) and prints the top self-time frames as a markdown section that pastes
 * into bench/NOTES.md. The profiler slows what it samples: a profiled run's figures are not the bench's.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { layerSplit, layerTable } from '../scripts/cpu-profile-layers.js'
import { profileTable, summariseProfiles } from '../scripts/cpu-profile-summary.js'
import { arm, disarm, locateSource, saveProfiles } from './profiler.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const PROFILE_DIR = path.join(ROOT, 'bench', 'profiles')

/** `main at 1a2b3c4` (with ` + uncommitted changes` when the tree differs), for the section's heading. */
export function codeVersion(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()
  try {
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== ''
    return `${git('rev-parse', '--abbrev-ref', 'HEAD')} at ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes' : ''}`
  } catch {
    return 'a tree outside git'
  }
}

/**
 * Runs `run` with the profiler armed; returns its value and the row's markdown: a heading, what the row
 * measured under the profiler (`verdict`), the top `top` frames with GC, idle and program, the files.
 */
export async function profileRow<T>(
  name: string,
  run: () => Promise<T>,
  verdict: (value: T) => string,
  opts: { top?: number; stamp: string },
): Promise<{ value: T; markdown: string }> {
  await arm()
  let value: T
  try {
    value = await run()
  } catch (err) {
    await disarm()
    throw err
  }
  const { ours: profiles, baseline } = await disarm()
  const files = [
    ...saveProfiles(PROFILE_DIR, name, opts.stamp, profiles),
    ...saveProfiles(PROFILE_DIR, `${name}-baseline`, opts.stamp, baseline),
  ].map((f) => path.relative(ROOT, f))
  const head = `#### ${name}\n\n${verdict(value)} (under the profiler)\n`
  if (!profiles.length) return { value, markdown: `${head}\nno measured part: nothing profiled\n` }
  const summary = summariseProfiles(profiles, { top: opts.top, root: ROOT, locate: locateSource })
  const layers = layerTable(layerSplit(profiles), baseline.length ? layerSplit(baseline) : undefined)
  const where = files.length === 1 ? files[0] : `${files[0]} … ${path.basename(files[files.length - 1])}`
  return {
    value,
    markdown: `${head}\n${profileTable(summary)}\n\nBy layer (self time of each sample, by what is on its stack):\n\n${layers}\n\nprofiles: ${where}\n`,
  }
}
