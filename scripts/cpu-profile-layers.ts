/**
 * Where a CPU profile's time goes, by layer: the database client (driver, BSON and the socket writes it
 * makes), the load generator, our code, the HTTP framework, Node's internals, GC and idle. Pure, like
 * cpu-profile-summary.ts; `npm run bench -- --profile` prints it under each row's top frames, for the row's
 * own side and, where a benchmark profiles it (bench/api.ts), its baseline's.
 */
import { forEachSample, type CpuProfile } from './cpu-profile-summary.js'

export const LAYERS = [
  'database client (driver, BSON, its socket writes)',
  'load generator (autocannon, in this process)',
  'ours (src/, bot/, jobs/, fixtures/, zod)',
  'HTTP framework (koa, router, helmet, body reading)',
  'other libraries',
  "Node's internals (HTTP, streams, timers)",
  'garbage collector',
  'program (native, outside JavaScript)',
  'idle (waiting: the database, the network, timers)',
] as const
export type LayerName = (typeof LAYERS)[number]

const DB = /\/node_modules\/(mongodb|bson|mongoose)\//
const LOAD = /\/node_modules\/autocannon\//
const OURS = /\/(src|bot|jobs|fixtures)\/|\/node_modules\/zod\//
const HTTP =
  /\/node_modules\/(koa|@koa|koa-[\w-]+|helmet|raw-body|co-body|@hapi|http-parser-js|type-is|media-typer|on-finished|delegates|statuses|vary|content-type|cookies|accepts|negotiator|http-errors|depd|encodeurl|fresh|mime-types|only)\//
const SPECIAL: Record<string, LayerName | 'profiler'> = {
  '(garbage collector)': 'garbage collector',
  '(idle)': 'idle (waiting: the database, the network, timers)',
  '(program)': 'program (native, outside JavaScript)',
  dispatch: 'profiler',
}

/** The layer of a sample whose stack (leaf first) has these frame urls. */
function layerOf(urls: readonly string[]): LayerName {
  if (urls.some((u) => DB.test(u))) return LAYERS[0]
  if (urls.some((u) => LOAD.test(u))) return LAYERS[1]
  // the nearest frame that is a file of the program (not node:… or native) says whose work it is
  const own = urls.find((u) => u.startsWith('file://') || u.startsWith('/'))
  if (!own) return "Node's internals (HTTP, streams, timers)"
  if (OURS.test(own)) return LAYERS[2]
  if (HTTP.test(own)) return LAYERS[3]
  return /\/node_modules\//.test(own) ? 'other libraries' : LAYERS[2]
}

export interface LayerShare {
  layer: LayerName
  ms: number
  /** of the sampled time, idle included, the profiler's own start left out */
  pct: number
}

/** The profiles' sampled time by layer, in LAYERS' order (layers with no time left out). */
export function layerSplit(profiles: readonly CpuProfile[]): LayerShare[] {
  const us = new Map<LayerName, number>()
  let total = 0
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]))
    const parent = new Map<number, number>()
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
    const memo = new Map<number, LayerName | 'profiler'>()
    const classify = (id: number): LayerName | 'profiler' => {
      const hit = memo.get(id)
      if (hit) return hit
      const f = byId.get(id)?.callFrame
      const special = f && !f.url ? SPECIAL[f.functionName] : undefined
      const urls: string[] = []
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
        urls.push(byId.get(at)?.callFrame.url ?? '')
      const layer = special ?? (urls.some((u) => u.startsWith('node:inspector')) ? 'profiler' : layerOf(urls))
      memo.set(id, layer)
      return layer
    }
    forEachSample(p, (id, d) => {
      const layer = classify(id)
      if (layer === 'profiler') return
      total += d
      us.set(layer, (us.get(layer) ?? 0) + d)
    })
  }
  return LAYERS.filter((l) => us.has(l)).map((layer) => ({
    layer,
    ms: Math.round((us.get(layer) ?? 0) / 100) / 10,
    pct: total ? Math.round(((us.get(layer) ?? 0) / total) * 1000) / 10 : 0,
  }))
}

/** The split as a markdown table; with a baseline's, side by side. */
export function layerTable(ours: LayerShare[], baseline?: LayerShare[]): string {
  const pct = (xs: LayerShare[] | undefined, l: LayerName): string => {
    const x = xs?.find((s) => s.layer === l)
    return x ? `${x.pct} %` : '—'
  }
  const rows = LAYERS.filter((l) => ours.some((s) => s.layer === l) || baseline?.some((s) => s.layer === l))
  return baseline
    ? [
        '| layer | ours | baseline |',
        '|---|---:|---:|',
        ...rows.map((l) => `| ${l} | ${pct(ours, l)} | ${pct(baseline, l)} |`),
      ].join('\n')
    : ['| layer | share |', '|---|---:|', ...rows.map((l) => `| ${l} | ${pct(ours, l)} |`)].join('\n')
}
