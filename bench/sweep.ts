/**
 * bench/sweep — plans one round's reminders for N units (default 16,000, a province) into the outbox and
 * compares with one raw driver `insertMany(docs, { ordered: false })` of the same outbox documents into a
 * fresh collection with the same unique key index, in the same run. Target: sweep ≤ 2× raw.
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/sweep.ts            # 16,000 units
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/sweep.ts 350000     # the whole country
 *
 * Without MONGODB_URI it starts the in-memory Java test server (slower than MongoDB, and only useful for
 * the ratio). It works in a throw-away database `tb_bench_sweep_<random>` and drops it afterwards.
 */
import mongoose from 'mongoose'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { ManualClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { buildContainer } from '../src/container.js'
import { bindingModel } from '../src/db/models/binding.js'
import { roundModel } from '../src/db/models/round.js'
import { roundUnitModel } from '../src/db/models/round-unit.js'
import { unitModel } from '../src/db/models/unit.js'
import { sweepMarkModel } from '../src/db/models/sweep-mark.js'
import { freePort } from '../src/db/free-port.js'
import { startJavaServer } from '../src/db/java-server.js'
import { atLocal } from '../src/domain/local-time.js'
import { dueInstant } from '../src/domain/due-instant.js'
import { createLogger } from '../src/logger.js'
import { measured } from './profiler.js'
import { BENCH_ENV, timeEnqueues } from './support.js'

export interface SweepBenchResult {
  units: number
  server: string
  /** ms for the first sweep: reads, planning, one enqueueMany */
  sweepMs: number
  /** of sweepMs: reads and planning, and the outbox's enqueueMany */
  planMs: number
  enqueueMs: number
  /** ms for one raw insertMany of the same outbox documents */
  rawInsertMs: number
  ratio: number
  /** ms for the same documents through the outbox schema with insertMany({ lean: true }): what enqueueMany could cost */
  leanInsertMs: number
  /**
   * ms for the same raw driver insertMany into a collection with the outbox's own indexes (key unique,
   * the claim index, state+channel) rather than the baseline's key index alone: how much of the gap the
   * indexes are. Informational; the ratio stays against rawInsertMs.
   */
  rawOutboxIndexesMs: number
  messages: number
  /** ms for a second sweep at the same instant (every key already there: nothing inserted) */
  repeatSweepMs: number
}

export async function runSweepBench(
  opts: { uri?: string; units?: number; warmUpUnits?: number } = {},
): Promise<SweepBenchResult> {
  const java = opts.uri ? undefined : await startJavaServer(await freePort())
  const uri = opts.uri ?? java!.uri
  try {
    // a smaller run first, so neither side pays the server's (or V8's) warm-up
    await measure(uri, opts.warmUpUnits ?? 2000, false)
    return { ...(await measure(uri, opts.units ?? 16_000)), server: java ? 'mongo-java-server' : 'MONGODB_URI' }
  } finally {
    await java?.stop()
  }
}

/** `profile`: the first sweep is the measured part a CPU profile covers (not in the warm-up) */
async function measure(uri: string, n: number, profile = true): Promise<Omit<SweepBenchResult, 'server'>> {
  const conn = mongoose.createConnection(uri, { dbName: `tb_bench_sweep_${randomBytes(4).toString('hex')}` })
  await conn.asPromise()
  try {
    const clock = new ManualClock(atLocal('2027-07-07', '09:01', 'Asia/Shanghai')) // the 3-days-before slot
    const c = buildContainer(conn, clock, loadConfig(BENCH_ENV), createLogger('silent'))
    for (const m of [
      unitModel(conn),
      bindingModel(conn),
      roundModel(conn),
      roundUnitModel(conn),
      sweepMarkModel(conn),
      c.outbox.model,
    ])
      await m.init()
    const roundId = await seed(conn, n)
    const raw = conn.db!.collection('outbox_raw')
    await raw.createIndex({ key: 1 }, { unique: true })

    // time the outbox's own enqueueMany apart from the sweep's reads and planning
    const enqueues = timeEnqueues(c.outbox)
    let t = performance.now()
    const sweep = () => c.chase.reminders.sweep()
    const first = await (profile ? measured(sweep) : sweep())
    const firstEnqueueMs = enqueues.ms()
    const sweepMs = performance.now() - t
    t = performance.now()
    await c.chase.reminders.sweep()
    const repeatSweepMs = performance.now() - t

    const docs = await c.outbox.model.find({ 'meta.roundId': roundId }, { _id: 0 }).lean()
    t = performance.now()
    await raw.insertMany(docs, { ordered: false })
    const rawInsertMs = performance.now() - t
    // the same insert into a collection with the outbox's indexes
    const rawIdx = conn.db!.collection('outbox_raw_indexes')
    for (const [keys, options] of c.outbox.model.schema.indexes())
      await rawIdx.createIndex(keys as Record<string, 1 | -1>, options as Record<string, unknown>)
    t = performance.now()
    await rawIdx.insertMany(docs, { ordered: false })
    const rawOutboxIndexesMs = performance.now() - t
    // what the outbox's enqueueMany would cost with mongoose's lean insert (no document hydration)
    const probe = conn.model('OutboxLeanProbe', c.outbox.model.schema, 'outbox_lean')
    await probe.init()
    t = performance.now()
    await probe.insertMany(docs, { ordered: false, lean: true })
    const leanInsertMs = performance.now() - t
    const r = (x: number) => Math.round(x)
    return {
      units: n,
      sweepMs: r(sweepMs),
      planMs: r(sweepMs - firstEnqueueMs),
      enqueueMs: r(firstEnqueueMs),
      rawInsertMs: r(rawInsertMs),
      ratio: Math.round((sweepMs / rawInsertMs) * 100) / 100,
      leanInsertMs: r(leanInsertMs),
      rawOutboxIndexesMs: r(rawOutboxIndexesMs),
      messages: first.enqueued,
      repeatSweepMs: r(repeatSweepMs),
    }
  } finally {
    await conn.dropDatabase().catch(() => undefined)
    await conn.close()
  }
}

/** n units with two forms each; 90 % in their own group, 9 % in shared groups of 40, 1 % unbound. */
export async function seed(conn: mongoose.Connection, n: number): Promise<string> {
  const round = await roundModel(conn).create({
    title: '2027年1-6月',
    year: 2027,
    endMonth: 6,
    status: 'open',
    dueAt: dueInstant('2027-07-10'),
  })
  const roundId = String(round._id)
  const code = (i: number) => `U${String(i).padStart(6, '0')}`
  const boundAt = new Date()
  for (let from = 0; from < n; from += 5000) {
    const ids = Array.from({ length: Math.min(5000, n - from) }, (_, k) => from + k)
    await unitModel(conn).collection.insertMany(
      ids.map((i) => ({
        code: code(i),
        name: `第${i}号预算单位`,
        kind: 'department',
        tags: [],
        indicators: [],
        contacts: [
          { name: `财务${i}`, wechatName: `财务${i}`, phone: '13900000000', role: 'finance' },
          { name: `负责人${i}`, email: `h${i}@example.org`, role: 'head' },
        ],
      })),
    )
    await roundUnitModel(conn).collection.insertMany(
      ids.map((i) => ({
        roundId,
        unitCode: code(i),
        forms: ['department', 'project'],
        submitted: [],
        complete: false,
        reopened: false,
      })),
    )
    await bindingModel(conn).collection.insertMany(
      ids
        .filter((i) => i % 100 !== 99)
        .map((i) =>
          i % 100 < 90
            ? {
                kind: 'unit-room',
                account: 'default',
                roomId: `room-${i}`,
                roomTopic: `第${i}号单位财务群`,
                unitCode: code(i),
                active: true,
                boundAt,
              }
            : {
                kind: 'member',
                account: 'default',
                roomId: `shared-${Math.floor(i / 400)}`,
                memberId: `m-${i}`,
                memberName: `财务${i}`,
                unitCode: code(i),
                active: true,
                boundAt,
              },
        ),
    )
  }
  return roundId
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const units = Number(process.argv[2] ?? 16_000)
  runSweepBench({ uri: process.env.MONGODB_URI, units }).then(
    (r) => {
      console.log(JSON.stringify(r, null, 2))
      console.log(
        `sweep ${r.sweepMs} ms vs raw insertMany ${r.rawInsertMs} ms → ${r.ratio}× (target ≤ 2×) for ${r.messages} messages`,
      )
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
