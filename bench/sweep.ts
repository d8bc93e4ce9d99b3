/**
 * bench/sweep — plans one round's reminders for N units (default 16,000, a province) into the outbox and
 * compares with one raw driver `insertMany(docs, { ordered: false })` of the same outbox documents into a
 * collection with the same unique key index, in the same run. Target: sweep ≤ 2× raw.
 *
 * Two sweeps of one process, as the `sweep-reminders` job (every 5 minutes, in the long-running worker)
 * meets them: the previous reminder slot (7 days before the due date) is the process's first, cold sweep
 * (`coldRatio`, reported beside); then a few units and bindings change, and the measured sweep is the
 * next slot's (3 days before), where the kept snapshot of units and bindings is checked and caught up
 * (src/db/repositories/unit-binding-snapshot.ts). The raw collection receives both slots' documents too.
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
  /**
   * ms for the sweep as the service runs it on a reminder day: the process swept the previous slot
   * (7 days before the due date) and a few units and bindings changed since, so the snapshot of units
   * and bindings is checked and caught up (only what changed is read). The target row is on this one.
   */
  sweepMs: number
  /** of sweepMs: reads and planning, and the outbox's enqueueMany */
  planMs: number
  enqueueMs: number
  /** ms for one raw insertMany of the same outbox documents (into a collection already holding the previous slot's, as the outbox does) */
  rawInsertMs: number
  ratio: number
  /** the first sweep of a fresh process (the previous slot): every unit and binding read and decoded */
  coldSweepMs: number
  coldRawInsertMs: number
  coldRatio: number
  coldMessages: number
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
  /**
   * Command monitoring: per timed step, the number of commands, the sum of their durations, and the
   * union of their in-flight intervals (the wall time with a command on the wire or the server; the
   * driver's encoding of the command and decoding of its reply fall inside it too).
   */
  commands: Record<'sweep' | 'raw' | 'coldSweep' | 'coldRaw', CommandTime>
}

interface CommandTime {
  n: number
  sumMs: number
  inFlightMs: number
}

/** The previous reminder slot (before-7 of 2027-07-10, a Saturday: moved to Fri 07-02) and the measured one (before-3). */
export const PREVIOUS_SLOT = atLocal('2027-07-02', '09:01', 'Asia/Shanghai')
export const MEASURED_SLOT = atLocal('2027-07-07', '09:01', 'Asia/Shanghai')
/** units renamed and bindings made between the two slots: the snapshot must catch up, not just be checked */
const CHANGED_BETWEEN = 20

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

/** `profile`: the measured slot's sweep is the part a CPU profile covers (not the cold one, not the warm-up) */
async function measure(uri: string, n: number, profile = true): Promise<Omit<SweepBenchResult, 'server'>> {
  const conn = mongoose.createConnection(uri, {
    dbName: `tb_bench_sweep_${randomBytes(4).toString('hex')}`,
    monitorCommands: true,
  })
  await conn.asPromise()
  const commands = commandTimer(conn)
  try {
    const { c, clock, roundId } = await sweepWorld(conn, n)
    const raw = conn.db!.collection('outbox_raw')
    await raw.createIndex({ key: 1 }, { unique: true })
    const enqueues = timeEnqueues(c.outbox)
    const ofSlot = async (rule: string) =>
      c.outbox.model.find({ 'meta.roundId': roundId, key: { $regex: `:${rule}(:|$)` } }, { _id: 0 }).lean()

    // the previous slot, in a fresh process: the cold sweep, and its baseline
    commands.start()
    let t = performance.now()
    const cold = await c.chase.reminders.sweep()
    const coldSweepMs = performance.now() - t
    const coldSweepCommands = commands.stop()
    const coldDocs = await ofSlot('before-7@2027-07-10')
    commands.start()
    t = performance.now()
    await raw.insertMany(coldDocs, { ordered: false })
    const coldRawInsertMs = performance.now() - t
    const coldRawCommands = commands.stop()

    await changeBetweenSlots(conn)

    // the measured slot, in the same process
    clock.set(MEASURED_SLOT)
    enqueues.reset()
    commands.start()
    t = performance.now()
    const sweep = () => c.chase.reminders.sweep()
    const first = await (profile ? measured(sweep) : sweep())
    const firstEnqueueMs = enqueues.ms()
    const sweepMs = performance.now() - t
    const sweepCommands = commands.stop()
    t = performance.now()
    await c.chase.reminders.sweep()
    const repeatSweepMs = performance.now() - t

    const docs = await ofSlot('before-3@2027-07-10')
    if (docs.length !== first.enqueued || coldDocs.length !== cold.enqueued)
      throw new Error(`bench/sweep: ${docs.length}/${first.enqueued}, ${coldDocs.length}/${cold.enqueued} messages`)
    commands.start()
    t = performance.now()
    await raw.insertMany(docs, { ordered: false })
    const rawInsertMs = performance.now() - t
    const rawCommands = commands.stop()
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
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100
    return {
      units: n,
      sweepMs: r(sweepMs),
      planMs: r(sweepMs - firstEnqueueMs),
      enqueueMs: r(firstEnqueueMs),
      rawInsertMs: r(rawInsertMs),
      ratio: ratio(sweepMs, rawInsertMs),
      coldSweepMs: r(coldSweepMs),
      coldRawInsertMs: r(coldRawInsertMs),
      coldRatio: ratio(coldSweepMs, coldRawInsertMs),
      coldMessages: cold.enqueued,
      leanInsertMs: r(leanInsertMs),
      rawOutboxIndexesMs: r(rawOutboxIndexesMs),
      messages: first.enqueued,
      repeatSweepMs: r(repeatSweepMs),
      commands: { sweep: sweepCommands, raw: rawCommands, coldSweep: coldSweepCommands, coldRaw: coldRawCommands },
    }
  } finally {
    await conn.dropDatabase().catch(() => undefined)
    await conn.close()
  }
}

/** Command monitoring between start() and stop(): count, summed durations, union of in-flight intervals. */
function commandTimer(conn: mongoose.Connection): { start(): void; stop(): CommandTime } {
  const client = conn.getClient()
  const open = new Map<number, number>()
  let on = false
  let intervals: [number, number][] = []
  client.on('commandStarted', (e: { requestId: number }) => {
    if (on) open.set(e.requestId, performance.now())
  })
  client.on('commandSucceeded', (e: { requestId: number; duration: number }) => {
    const at = open.get(e.requestId)
    if (at === undefined) return
    open.delete(e.requestId)
    intervals.push([at, performance.now()])
  })
  client.on('commandFailed', (e: { requestId: number }) => {
    const at = open.get(e.requestId)
    if (at === undefined) return
    open.delete(e.requestId)
    intervals.push([at, performance.now()])
  })
  return {
    start() {
      on = true
      open.clear()
      intervals = []
    },
    stop() {
      on = false
      const sorted = intervals.sort((a, b) => a[0] - b[0])
      let inFlight = 0
      let end = -Infinity
      for (const [s, e] of sorted) {
        if (s >= end) inFlight += e - s
        else if (e > end) inFlight += e - end
        end = Math.max(end, e)
      }
      const sum = sorted.reduce((a, [s, e]) => a + e - s, 0)
      return { n: sorted.length, sumMs: Math.round(sum), inFlightMs: Math.round(inFlight) }
    },
  }
}

const unitCode = (i: number) => `U${String(i).padStart(6, '0')}`

/** The sweep's world on `conn`: the container at the previous slot, the models' indexes, `n` units seeded. */
export async function sweepWorld(
  conn: mongoose.Connection,
  n: number,
): Promise<{ c: ReturnType<typeof buildContainer>; clock: ManualClock; roundId: string }> {
  const clock = new ManualClock(PREVIOUS_SLOT)
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
  return { c, clock, roundId: await seed(conn, n) }
}

/** Between the slots: a few units renamed and bindings made (stamped now by mongoose). */
export async function changeBetweenSlots(conn: mongoose.Connection): Promise<void> {
  for (let i = 0; i < CHANGED_BETWEEN; i++) {
    await unitModel(conn).updateOne({ code: unitCode(i * 7) }, { $set: { name: `第${i * 7}号预算单位（更名）` } })
    await bindingModel(conn).create({
      kind: 'member',
      account: 'default',
      roomId: `room-${i * 7 + 1}`,
      memberId: `m-new-${i}`,
      memberName: `新财务${i}`,
      unitCode: unitCode(i * 7 + 1),
      active: true,
      boundAt: new Date(),
    })
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
  const code = unitCode
  // imported weeks before the round: the snapshot's catch-up reads only what was stamped since
  const boundAt = new Date(Date.now() - 30 * 24 * 3600_000)
  const stamps = { createdAt: boundAt, updatedAt: boundAt }
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
        ...stamps,
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
                ...stamps,
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
                ...stamps,
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
        `sweep after the previous slot's ${r.sweepMs} ms vs raw insertMany ${r.rawInsertMs} ms → ${r.ratio}× (target ≤ 2×) for ${r.messages} messages; cold first sweep ${r.coldSweepMs} vs ${r.coldRawInsertMs} ms → ${r.coldRatio}×`,
      )
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
