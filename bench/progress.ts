/**
 * bench/progress — round progress for N units (default 16,000): the admin endpoint
 * GET /api/admin/rounds/:id/progress over HTTP (admin token, route table, service, JSON of every unit's
 * row) against one lean aggregation on round_units doing the same counts (expected, on time, late,
 * partial, missing — extensions honoured), in the same run on the same database. Target ≤ 1.5× time.
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/progress.ts [units]
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import type { Connection } from 'mongoose'
import { ManualClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { buildContainer } from '../src/container.js'
import { roundModel } from '../src/db/models/round.js'
import { progressCountsPipeline } from '../src/db/repositories/progress-repository.js'
import type { ProgressCounts } from '../src/domain/progress-counts.js'
import { roundUnitModel } from '../src/db/models/round-unit.js'
import { unitModel } from '../src/db/models/unit.js'
import { dueInstant } from '../src/domain/due-instant.js'
import { createApp } from '../src/http/app.js'
import { apiRouter } from '../src/http/routes/api-routes.js'
import { createLogger } from '../src/logger.js'
import { measured } from './profiler.js'
import { BENCH_ENV, medianMs, openBenchDb, round2 } from './support.js'

export interface ProgressBenchResult {
  units: number
  /** median ms of the endpoint (request to parsed JSON) */
  endpointMs: number
  /** median ms of the service call alone (no HTTP, no JSON) */
  serviceMs: number
  /** median ms of the baseline aggregation */
  aggregationMs: number
  ratio: number
  bytes: number
  counts: { expected: number; onTime: number; late: number; partial: number; missing: number }
}

type Counts = ProgressCounts

/** The baseline: the same counting aggregation on its own (no endpoint, no rows, no HTTP). */
export async function progressAggregation(conn: Connection, roundId: string, dueAt: Date): Promise<Counts> {
  const [r] = await roundUnitModel(conn).aggregate<Counts>(progressCountsPipeline({ roundId }, { dueAt }))
  return {
    expected: r?.expected ?? 0,
    onTime: r?.onTime ?? 0,
    late: r?.late ?? 0,
    partial: r?.partial ?? 0,
    missing: r?.missing ?? 0,
    awaitingEntry: r?.awaitingEntry ?? 0,
    entered: r?.entered ?? 0,
  }
}

/** More fields for unit i's directory entry and round unit (bench/board.ts: townships, departments, returns). */
export interface SeedShape {
  unit?(i: number, code: (i: number) => string): Record<string, unknown>
  roundUnit?(i: number): Record<string, unknown>
}

/**
 * n units, one round due 2027-07-10; of the round units 40 % on time, 10 % late, 5 % on time within an
 * extension, 15 % partial (one of two forms in), 30 % missing. Unit i is `U` and i in six digits.
 */
export async function seedProgressRound(
  conn: Connection,
  n: number,
  shape: SeedShape = {},
): Promise<{ roundId: string; dueAt: Date }> {
  for (const m of [unitModel(conn), roundModel(conn), roundUnitModel(conn)]) await m.init()
  const dueAt = dueInstant('2027-07-10')
  const round = await roundModel(conn).create({ title: '2027年1-6月', year: 2027, endMonth: 6, status: 'open', dueAt })
  const roundId = String(round._id)
  const code = (i: number) => `U${String(i).padStart(6, '0')}`
  const before = new Date(dueAt.getTime() - 2 * 86_400_000)
  const after = new Date(dueAt.getTime() + 3 * 86_400_000)
  const extension = new Date(dueAt.getTime() + 5 * 86_400_000)
  for (let from = 0; from < n; from += 5000) {
    const ids = Array.from({ length: Math.min(5000, n - from) }, (_, k) => from + k)
    await unitModel(conn).collection.insertMany(
      ids.map((i) => ({
        code: code(i),
        name: `第${i}号预算单位`,
        kind: 'department',
        tags: [],
        indicators: [],
        contacts: [],
        ...shape.unit?.(i, code),
      })),
    )
    await roundUnitModel(conn).collection.insertMany(
      ids.map((i) => {
        const k = i % 20
        const base = {
          roundId,
          unitCode: code(i),
          forms: ['department', 'project'],
          reopened: false,
          ...shape.roundUnit?.(i),
        }
        if (k < 8) return { ...base, submitted: ['department', 'project'], complete: true, completedAt: before }
        if (k < 10) return { ...base, submitted: ['department', 'project'], complete: true, completedAt: after }
        if (k < 11)
          return {
            ...base,
            submitted: ['department', 'project'],
            complete: true,
            completedAt: after,
            extensionUntil: extension,
          }
        if (k < 14) return { ...base, submitted: ['department'], complete: false }
        return { ...base, submitted: [], complete: false }
      }),
    )
  }
  return { roundId, dueAt }
}

export async function runProgressBench(opts: {
  uri: string
  units?: number
  runs?: number
}): Promise<ProgressBenchResult> {
  const n = opts.units ?? 16_000
  const runs = opts.runs ?? 7
  const db = await openBenchDb(opts.uri, 'progress')
  const conn = db.conn
  try {
    const c = buildContainer(
      conn,
      new ManualClock('2027-07-20T02:00:00Z'),
      loadConfig(BENCH_ENV),
      createLogger('silent'),
    )
    const s = c.api
    await Promise.all(Object.values(conn.models).map((m) => m.init()))
    const { roundId, dueAt } = await seedProgressRound(conn, n)
    const { token } = await s.tokens.create({ name: 'bench-admin', role: 'bureau_admin' })
    const app = createApp({
      logger: createLogger('silent'),
      bodyLimit: '1mb',
      corsOrigins: [],
      routers: [apiRouter(s).router],
    })
    const server = http.createServer(app.callback())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const url = `http://127.0.0.1:${port}/api/admin/rounds/${roundId}/progress`
    let bytes = 0
    let body: Counts | undefined
    const endpoint = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
      if (res.status !== 200) throw new Error(`progress endpoint answered ${res.status}: ${await res.text()}`)
      const text = await res.text()
      bytes = Buffer.byteLength(text)
      body = JSON.parse(text) as Counts
    }
    let counts: Counts | undefined
    try {
      // alternate the two sides so that a burst of load elsewhere on the machine hits both alike
      const e: number[] = []
      const a: number[] = []
      const sv: number[] = []
      // warm-up: every query shape of both sides a few times (the Java server compiles each as it goes)
      for (let i = 0; i < 3; i++) {
        await endpoint()
        counts = await progressAggregation(conn, roundId, dueAt)
      }
      for (let i = 0; i < runs; i++) {
        await measured(async () => e.push(await medianMs(1, endpoint, false)))
        a.push(await medianMs(1, async () => (counts = await progressAggregation(conn, roundId, dueAt)), false))
        sv.push(await medianMs(1, () => c.services.progress.round(roundId, { kind: 'all' }), false))
      }
      const med = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]
      const endpointMs = med(e)
      const aggregationMs = med(a)
      if (!body || !counts) throw new Error('no progress measured')
      for (const k of ['expected', 'onTime', 'late', 'partial', 'missing'] as const) {
        if (body[k] !== counts[k]) throw new Error(`progress ${k}: endpoint ${body[k]} ≠ aggregation ${counts[k]}`)
      }
      return {
        units: n,
        endpointMs: Math.round(endpointMs),
        serviceMs: Math.round(med(sv)),
        aggregationMs: Math.round(aggregationMs),
        ratio: round2(endpointMs / aggregationMs),
        bytes,
        counts,
      }
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  } finally {
    await db.drop()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const uri = process.env.MONGODB_URI
  if (!uri) throw new Error('set MONGODB_URI (or run `npm run bench -- progress`)')
  const r = await runProgressBench({ uri, units: Number(process.argv[2] ?? 16_000) })
  console.log(JSON.stringify(r, null, 2))
  process.exit(0)
}
