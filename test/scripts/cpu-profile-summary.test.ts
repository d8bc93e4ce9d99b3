import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { profileTable, shortPath, summariseProfiles, type CpuProfile } from '../../scripts/cpu-profile-summary.js'

/**
 * The bench's profile summary (issue 19: keep each row's top frames in bench/NOTES.md). busy.cpuprofile
 * is a real `node --cpu-prof` profile of cpu-profile/busy.mjs (how to regenerate it is in that file);
 * the expected figures were worked out from the file apart from the code under test.
 */
const busy = JSON.parse(readFileSync(new URL('./cpu-profile/busy.cpuprofile', import.meta.url), 'utf8')) as CpuProfile

const frame = (id: number, functionName: string, url = '', lineNumber = -1) => ({
  id,
  callFrame: { functionName, url, lineNumber, columnNumber: 0 },
})

/** samples of 1 ms apart unless `deltas` says otherwise; the last runs to endTime */
const tiny = (samples: number[], deltas: number[], endTime: number): CpuProfile => ({
  nodes: [
    frame(1, '(root)'),
    frame(2, 'decode', 'file:///repo/node_modules/bson/lib/bson.cjs', 99),
    frame(3, '', 'file:///repo/src/a|b.ts', 9),
    frame(4, '(garbage collector)'),
    frame(5, '(idle)'),
    frame(6, '(program)'),
    frame(7, 'writeBuffer'),
    frame(8, 'dispatch'),
    frame(9, 'dispatch', 'file:///repo/src/bus.ts', 4),
  ],
  startTime: 0,
  endTime,
  samples,
  timeDeltas: deltas,
})

describe('summariseProfiles', () => {
  it('ranks the busy functions of a real profile by self time, with their file and line', () => {
    const s = summariseProfiles([busy], { root: '/repo', top: 2 })
    expect(s.top).toEqual([
      { fn: 'heavy', at: 'test/scripts/cpu-profile/busy.mjs:6', ms: 728.7, pct: 60.3 },
      { fn: 'light', at: 'test/scripts/cpu-profile/busy.mjs:12', ms: 366.1, pct: 30.3 },
    ])
    expect(s).toMatchObject({ profiles: 1, totalMs: 1208, gcMs: 0, idleMs: 95.6, programMs: 2.2 })
  })

  it('counts each sample until the next one, adds up profiles, and keeps GC, idle and program apart', () => {
    // profile one: decode at 0–2 ms (two samples), GC 2–5, anonymous 5–6, idle 6–10 (to endTime)
    const one = tiny([2, 2, 4, 3, 5], [0, 1000, 1000, 3000, 1000], 10_000)
    // profile two: the profiler starting 0–5 (left out), decode 5–9, program 9–10, writeBuffer 10–11,
    // the program's own function named dispatch 11–12
    const two = tiny([8, 2, 6, 7, 9], [0, 5000, 4000, 1000, 1000], 12_000)
    const s = summariseProfiles([one, two], { root: '/repo' })
    expect(s).toMatchObject({ profiles: 2, totalMs: 17, gcMs: 3, idleMs: 4, programMs: 1, profilerMs: 5 })
    expect(s.top).toEqual([
      { fn: 'decode', at: 'bson/lib/bson.cjs:100', ms: 6, pct: 35.3 },
      // equal self time: by location
      { fn: 'writeBuffer', at: '(native)', ms: 1, pct: 5.9 },
      { fn: '(anonymous)', at: 'src/a|b.ts:10', ms: 1, pct: 5.9 },
      { fn: 'dispatch', at: 'src/bus.ts:5', ms: 1, pct: 5.9 },
    ])
  })

  it('reports a frame at its source line when the locator knows it', () => {
    const p = tiny([3], [0], 1000)
    const s = summariseProfiles([p], {
      root: '/repo',
      locate: (url, line) => (url.endsWith('.ts') ? line + 31 : undefined),
    })
    expect(s.top[0].at).toBe('src/a|b.ts:40')
  })

  it('summarises no samples as nothing', () => {
    expect(summariseProfiles([])).toEqual({
      profiles: 0,
      totalMs: 0,
      gcMs: 0,
      idleMs: 0,
      programMs: 0,
      profilerMs: 0,
      top: [],
    })
  })
})

describe('shortPath', () => {
  it('makes paths relative to the project, and a dependency starts at its package', () => {
    expect(shortPath('file:///repo/src/x.ts', '/repo')).toBe('src/x.ts')
    expect(shortPath('file:///repo/node_modules/.pnpm/m/node_modules/mongoose/lib/x.js', '/repo')).toBe(
      'mongoose/lib/x.js',
    )
    expect(shortPath('node:internal/streams/writable', '/repo')).toBe('node:internal/streams/writable')
    expect(shortPath('file:///elsewhere/%E6%B5%8B.ts', '/repo')).toBe('/elsewhere/测.ts')
    expect(shortPath('http://127.0.0.1:41234/console/assets/vue-x1.js', '/repo')).toBe('/console/assets/vue-x1.js')
  })
})

describe('profileTable', () => {
  it('is a markdown table: the top frames (pipes escaped), then GC, idle, program, the total and the profiler', () => {
    const one = tiny([8, 2, 2, 4, 3, 5], [0, 2000, 1000, 1000, 3000, 1000], 12_000)
    const md = profileTable(summariseProfiles([one], { root: '/repo', top: 2 }))
    expect(md.split('\n')).toEqual([
      '| self ms | % | function | at |',
      '|---:|---:|---|---|',
      '| 2 | 20 % | decode | bson/lib/bson.cjs:100 |',
      '| 1 | 10 % | (anonymous) | src/a\\|b.ts:10 |',
      '| 3 | 30 % | (garbage collector) | |',
      '| 4 | 40 % | (idle: waiting — on the database, the network, timers) | |',
      '| 0 | 0 % | (program: native work outside JavaScript; in a page, style, layout, paint) | |',
      '| 10 | 100 % | sampled in 1 profile | |',
      '| 2 | — | (the profiler starting: not in the total) | |',
    ])
  })
})
