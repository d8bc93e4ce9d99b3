/**
 * The top self-time frames of V8 CPU profiles (the `.cpuprofile` JSON that `node --cpu-prof`, Chrome
 * DevTools and `node:inspector`'s Profiler.stop write), as data and as a markdown table that pastes into
 * bench/NOTES.md. Pure: the bench's profiler (bench/profiler.ts) records the profiles and maps positions.
 *
 * Several profiles add up (a benchmark's measured part can be several timed calls). Self time of a sample
 * is the time to the next sample, as DevTools counts it; the last sample of a profile runs to its endTime.
 */

/** The subset of V8's Profiler.Profile that the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    children?: number[]
  }[]
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

export interface Frame {
  /** the function's name, `(anonymous)` when it has none */
  fn: string
  /** `path:line` (1-based), the path relative to the project; `(native)` for V8 builtins without a script */
  at: string
  ms: number
  /** of the sampled time, idle included */
  pct: number
}

export interface ProfileSummary {
  profiles: number
  /** all sampled time, ms, but the profiler's own */
  totalMs: number
  /**
   * node:inspector's `dispatch` (native) while Profiler.start returns: V8 listing every compiled function,
   * 0.1–2 s on a big heap, seen as one long first sample. Not the program's time: left out of the total.
   */
  profilerMs: number
  gcMs: number
  /** the main thread waiting: on the database, the network, timers */
  idleMs: number
  /** native work outside JavaScript: compiling, the event loop's own; in a browser page, style, layout and paint */
  programMs: number
  top: Frame[]
}

/** Maps a frame's generated position (0-based line and column) to the source's 1-based line, when known. */
export type Locate = (url: string, line: number, column: number) => number | undefined

const SPECIAL: Record<string, 'gcMs' | 'idleMs' | 'programMs' | 'profilerMs' | 'root'> = {
  '(garbage collector)': 'gcMs',
  '(idle)': 'idleMs',
  '(program)': 'programMs',
  '(root)': 'root',
  dispatch: 'profilerMs',
}

/**
 * `file:///repo/src/x.ts` → `src/x.ts`; `…/node_modules/mongoose/lib/x.js` → `mongoose/lib/x.js`; a page's
 * script `http://127.0.0.1:41234/console/assets/vue-x1.js` → `/console/assets/vue-x1.js` (the port changes).
 */
export function shortPath(url: string, root: string): string {
  if (/^https?:\/\//.test(url)) return url.replace(/^https?:\/\/[^/]+/, '')
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url
  const nm = path.lastIndexOf('/node_modules/')
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length)
  const base = root.endsWith('/') ? root : `${root}/`
  return path.startsWith(base) ? path.slice(base.length) : path
}

/** Each sample's node id and its self time in µs: until the next sample, the last until the profile's end. */
export function forEachSample(p: CpuProfile, fn: (id: number, us: number) => void): void {
  const samples = p.samples ?? []
  const deltas = p.timeDeltas ?? []
  let t = p.startTime
  const times = samples.map((_, i) => (t += deltas[i] ?? 0))
  samples.forEach((id, i) => fn(id, Math.max(0, (i + 1 < times.length ? times[i + 1] : p.endTime) - times[i])))
}

export function summariseProfiles(
  profiles: readonly CpuProfile[],
  opts: { top?: number; root?: string; locate?: Locate } = {},
): ProfileSummary {
  const selfUs = new Map<string, { fn: string; at: string; us: number }>()
  const special = { gcMs: 0, idleMs: 0, programMs: 0, profilerMs: 0, root: 0 }
  let totalUs = 0
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]))
    forEachSample(p, (id, us) => {
      const f = byId.get(id)
      if (!f) return
      // the special frames have no script; a function of the program may share their names
      const kind = f.url ? undefined : SPECIAL[f.functionName]
      if (kind !== 'profilerMs') totalUs += us
      if (kind) {
        special[kind] += us
        return
      }
      const line = (f.url && opts.locate?.(f.url, f.lineNumber, f.columnNumber)) || f.lineNumber + 1
      // a page's bundle is minified onto a few lines: its column tells its functions apart
      const col = /^https?:/.test(f.url) ? `:${f.columnNumber + 1}` : ''
      const at = f.url ? `${shortPath(f.url, opts.root ?? '')}:${line}${col}` : '(native)'
      const fn = f.functionName || '(anonymous)'
      const key = `${fn}\u0000${at}`
      const e = selfUs.get(key) ?? { fn, at, us: 0 }
      e.us += us
      selfUs.set(key, e)
    })
  }
  const ms = (us: number) => Math.round(us / 100) / 10
  const pct = (us: number) => (totalUs ? Math.round((us / totalUs) * 1000) / 10 : 0)
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us || a.at.localeCompare(b.at))
    .slice(0, opts.top ?? 15)
    .map((e) => ({ fn: e.fn, at: e.at, ms: ms(e.us), pct: pct(e.us) }))
  return {
    profiles: profiles.length,
    totalMs: ms(totalUs),
    gcMs: ms(special.gcMs),
    idleMs: ms(special.idleMs),
    programMs: ms(special.programMs),
    profilerMs: ms(special.profilerMs),
    top,
  }
}

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 1 })
const share = (part: number, s: ProfileSummary): string =>
  `${s.totalMs ? n(Math.round((part / s.totalMs) * 1000) / 10) : 0} %`
// a pipe in a function name or path would end the markdown cell
const cell = (x: string): string => x.replace(/\|/g, '\\|')

/** The summary as a markdown table: the top frames, then GC, idle and program, then the total. */
export function profileTable(s: ProfileSummary): string {
  return [
    '| self ms | % | function | at |',
    '|---:|---:|---|---|',
    ...s.top.map((f) => `| ${n(f.ms)} | ${n(f.pct)} % | ${cell(f.fn)} | ${cell(f.at)} |`),
    `| ${n(s.gcMs)} | ${share(s.gcMs, s)} | (garbage collector) | |`,
    `| ${n(s.idleMs)} | ${share(s.idleMs, s)} | (idle: waiting — on the database, the network, timers) | |`,
    `| ${n(s.programMs)} | ${share(s.programMs, s)} | (program: native work outside JavaScript; in a page, style, layout, paint) | |`,
    `| ${n(s.totalMs)} | 100 % | sampled in ${s.profiles} profile${s.profiles === 1 ? '' : 's'} | |`,
    ...(s.profilerMs ? [`| ${n(s.profilerMs)} | — | (the profiler starting: not in the total) | |`] : []),
  ].join('\n')
}
