/**
 * bench/chat — chat turns per second: real messages on the wechaty mock puppet into tianbao's message
 * handler (bot/handlers/inbound-handler.ts and src/chat/chat-core.ts: the journal entry, who and where, the room's
 * binding, the open dialog, the engine,
 * the dialog state persisted with its revision check, replies into the outbox, the submission at 提交),
 * N units filing their project table in their own groups, `lanes` conversations at a time. Baseline: a
 * raw driver upsert of the same dialog documents, as many as there were turns, at the same concurrency.
 * Target: ours ÷ baseline ≥ 0.3.
 *
 * Like the API, progress and digest rows, both sides are warmed up first (a batch of conversations and
 * the baselines once: this process's JIT and the database server's), then ours and the baselines
 * alternate three times and the median round is the verdict.
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/chat.ts
 *
 * For finding where a turn's cost goes (never a verdict):
 * - `BENCH_CHAT_LANES=n` — conversations at a time;
 * - `BENCH_CHAT_STEPS=1` — one conversation at a time, so each turn's CPU is its own: prints each script
 *   step's mean CPU, this process's and the database server's;
 * - `BENCH_CHAT_WITHOUT=journal,reply,handler` — an experiment that drops a guarantee to measure what it
 *   costs: `journal` records nothing (no journal record, no done mark), `reply` stores no reply, `handler`
 *   does not handle the timed messages at all (what wechaty and the mock puppet cost). The row's name says
 *   so, and the nothing-lost checks are off.
 */
import { pathToFileURL } from 'node:url'
import type { ObjectId } from 'mongodb'
import type { Connection } from 'mongoose'
import { WechatyBuilder, type Message } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { ManualClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { buildContainer } from '../src/container.js'
import { dialogModel } from '../src/db/models/dialog.js'
import { submissionModel } from '../src/db/models/submission.js'
import { createLogger } from '../src/logger.js'
import { inboundHandler } from '../bot/handlers/inbound-handler.js'
import type { JournalPort } from '../src/chat/ports.js'
import { seedBotWorld } from '../fixtures/bot-world-seed.js'
import { measured } from './profiler.js'
import { BENCH_ENV, databaseCpuUs, openBenchDb, pool, round2 } from './support.js'

export interface ChatBenchResult {
  units: number
  lanes: number
  /** BENCH_CHAT_WITHOUT: an experiment without these guarantees (never a verdict) */
  without?: string[]
  turns: number
  turnsPerSecond: number
  /** raw driver upserts of the same dialog documents per second */
  rawUpsertsPerSecond: number
  /**
   * A second baseline, reported beside the target (not its verdict): a turn's three durable writes done
   * raw, one after another as a turn does them — the journal record, the dialog's upsert, the reply's
   * outbox insert (documents of the same size, unique keys as ours) — at the same concurrency; and our
   * turns/s against it: what our turn costs beyond the writes it must make.
   */
  rawTurnsPerSecond: number
  ratioToRawTurn: number
  ratio: number
  /** each timed round's ratio (ours, then both baselines, three times): `ratio` is their median */
  rounds: number[]
  /** mean ms per turn as one conversation sees it */
  meanTurnMs: number
  /** of meanTurnMs: inside the message handler (the rest is wechaty and the mock puppet delivering the message) */
  meanHandlerMs: number
  /** messages said (binds and timed turns); each must have its reply queued and its journal entry done */
  messages: number
  /** this process's CPU per turn (wechaty, the mock puppet and the handler), and per raw upsert, µs */
  cpuUsPerTurn: number
  cpuUsPerUpsert: number
  /** the database server's CPU per turn and per raw upsert, µs (when this run started the server) */
  dbCpuUsPerTurn?: number
  dbCpuUsPerUpsert?: number
  /** said but no reply queued (`reply:<message id>:0` missing from the outbox): always 0, or the run fails */
  lost: number
  /** said but no journal entry at all (the handler logged 'message not journaled'): always 0, or the run fails */
  notJournaled: number
  /** journaled but not marked done: always 0, or the run fails */
  notDone: number
}

/** One unit's conversation (the roads project of test/support/bot-fixtures): 填报 → funds → indicators → deviation → 提交. */
export const SCRIPT = [
  '填报',
  '20万 35万\n15万 30万\n5万 5万\n已养护道路60公里，按计划推进',
  '50 120\n95 95',
  '1；资金到位较晚；加快施工进度；有可能',
  '提交',
]

/** Timed rounds of ours, each followed by both baselines: the verdict is the median round's. */
const ROUNDS = 3

export async function runChatBench(opts: { uri: string; units?: number; lanes?: number }): Promise<ChatBenchResult> {
  const n = opts.units ?? 60
  const byStep = process.env.BENCH_CHAT_STEPS === '1'
  const lanes = byStep ? 1 : Number(process.env.BENCH_CHAT_LANES ?? opts.lanes ?? 8)
  const without = new Set((process.env.BENCH_CHAT_WITHOUT ?? '').split(',').filter(Boolean))
  const unknown = [...without].filter((w) => !['journal', 'reply', 'handler'].includes(w))
  if (unknown.length) throw new Error(`BENCH_CHAT_WITHOUT takes journal, reply and handler, not ${unknown.join(', ')}`)
  const db = await openBenchDb(opts.uri, 'chat')
  const conn = db.conn
  // a warm-up batch of n units, then ROUNDS timed batches of n units each: every conversation is a unit's
  // first filing, and ours and the baselines alternate, so neither runs on a colder process or server
  const batches = ROUNDS + 1
  const codes = Array.from({ length: n * batches }, (_, i) => `U${i + 1}`)
  // a week before the due day: the filings are on time
  // BENCH_LOG=error shows what the handler logs (it catches and logs its own failures)
  const c = buildContainer(
    conn,
    new ManualClock('2027-07-05T02:00:00Z'),
    loadConfig(BENCH_ENV),
    createLogger(process.env.BENCH_LOG ?? 'silent'),
  )
  await Promise.all(Object.values(conn.models).map((m) => m.init()))
  const roundId = await seedBotWorld(conn, codes)
  await Promise.all(Object.values(conn.models).map((m) => m.init()))
  const mocker = new mock.Mocker()
  const puppet = new PuppetMock({ mocker })
  const bot = WechatyBuilder.build({ name: 'bench-chat', puppet })
  bot.on('error', () => undefined)
  const journal: JournalPort = c.chat.journal('bench')
  const inbound = inboundHandler(
    c,
    bot,
    'default',
    without.has('journal')
      ? Object.assign(Object.create(journal) as JournalPort, { record: async () => true, done: async () => undefined })
      : journal,
  )
  if (without.has('reply')) Object.assign(c.chat.core.deps.replier, { reply: async () => undefined })
  /** BENCH_CHAT_WITHOUT=handler: the timed messages are delivered and not handled */
  let skipping = false
  // each talker waits for its own message to be handled before it says the next one
  const waiting = new Map<string, () => void>()
  let handleMs = 0
  /** every message a person said, by id: checked at the end for its reply and its journal entry */
  const said: string[] = []
  bot.on('message', async (msg: Message) => {
    if (!msg.self()) said.push(msg.id)
    const h0 = performance.now()
    if (!skipping) await inbound.receive(msg)
    handleMs += performance.now() - h0
    if (msg.self()) return
    const done = waiting.get(msg.talker().id)
    waiting.delete(msg.talker().id)
    done?.()
  })
  try {
    await bot.start()
    const botUser = mocker.createContact({ name: '填报助手' })
    const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()))
    mocker.login(botUser)
    await loggedIn
    const people = codes.map((code, i) => {
      const staff = mocker.createContact({ name: `财务${i + 1}` })
      const room = mocker.createRoom({ topic: `测试县第${i + 1}局财务群`, memberIdList: [botUser.id, staff.id] })
      return { code, staff, room }
    })
    const say = (p: (typeof people)[number], text: string) =>
      new Promise<void>((resolve) => {
        waiting.set(p.staff.id, resolve)
        p.staff.say(text).to(p.room)
      })
    await pool(people, lanes, (p) => say(p, `绑定 BIND${p.code}`))
    /** BENCH_CHAT_STEPS=1: CPU per script step, summed over every conversation (this process's, the server's) */
    const steps = SCRIPT.map(() => ({ cpu: 0, db: 0 }))
    const converse = (batch: typeof people) =>
      pool(batch, lanes, async (p) => {
        for (const [i, text] of SCRIPT.entries()) {
          // read only when asked: the reads are this process's work, inside the timed turns
          if (!byStep) {
            await say(p, text)
            continue
          }
          const cpu0 = process.cpuUsage()
          const db0 = databaseCpuUs() ?? 0
          await say(p, text)
          const cpu = process.cpuUsage(cpu0)
          steps[i].cpu += cpu.user + cpu.system
          steps[i].db += (databaseCpuUs() ?? 0) - db0
        }
      })
    const turns = n * SCRIPT.length

    // BENCH_COMMANDS=1: commands started during the timed turns, per command and collection, per turn
    const traced = new Map<string, number>()
    let tracing = false
    if (process.env.BENCH_COMMANDS === '1') {
      conn.getClient().on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
        if (!tracing) return
        const k = `${e.commandName} ${String(e.command[e.commandName])}`
        traced.set(k, (traced.get(k) ?? 0) + 1)
      })
    }
    // the warm-up: n conversations (this process's JIT and the database server's), and the baselines once
    await converse(people.slice(0, n))
    const docs = await dialogModel(conn).find({ roundId }).lean()
    const rawDialogs = conn.db!.collection('dialogs_raw')
    const rawUpserts = (count: number) =>
      pool(
        Array.from({ length: count }, (_, i) => docs[i % docs.length]),
        lanes,
        async (d) => {
          const { _id, ...rest } = d
          await rawDialogs.updateOne({ _id }, { $set: { ...rest, lastActivityAt: new Date() } }, { upsert: true })
        },
      )
    const rawTurn = await rawDurableTurns(conn, lanes, docs)
    await rawUpserts(turns)
    await rawTurn(turns)

    const rounds: { ours: Timed; upserts: Timed; rawTurns: Timed; handleMs: number }[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const batch = people.slice(n * (r + 1), n * (r + 2))
      handleMs = 0
      tracing = true
      // the timed turns are the measured part (`npm run bench -- --profile chat` profiles them)
      skipping = without.has('handler')
      const ours = await measured(() => timedCpu(() => converse(batch)))
      skipping = false
      tracing = false
      const ourHandleMs = handleMs
      const upserts = await measured(() => timedCpu(() => rawUpserts(turns)), 'baseline')
      const rawTurns = await timedCpu(() => rawTurn(turns))
      rounds.push({ ours, upserts, rawTurns, handleMs: ourHandleMs })
    }
    if (byStep)
      console.log(
        `chat CPU per step, µs (one conversation at a time; this process / the database server):\n` +
          SCRIPT.map(
            (text, i) =>
              `  ${JSON.stringify(text.slice(0, 12))}: ${Math.round(steps[i].cpu / codes.length)} / ${Math.round(steps[i].db / codes.length)}`,
          ).join('\n'),
      )
    if (traced.size) {
      const all = turns * ROUNDS
      const rows = [...traced].sort((a, b) => b[1] - a[1])
      const total = rows.reduce((s, [, v]) => s + v, 0)
      console.log(
        `chat commands per turn (${all} turns): ${(total / all).toFixed(2)}\n${rows.map(([k, v]) => `  ${k}: ${(v / all).toFixed(2)}`).join('\n')}`,
      )
    }
    const filed = await submissionModel(conn).countDocuments({ roundId, status: 'submitted' })
    if (!without.size && filed !== codes.length)
      throw new Error(
        `only ${filed} of ${codes.length} conversations ended in a submission (BENCH_LOG=error shows the handler's errors)`,
      )

    // nothing lost, nothing unjournaled: every message said has its reply queued and its journal entry done
    const replied = new Set(
      (await conn.db!.collection('outbox').distinct('key', { key: { $in: said.map((id) => `reply:${id}:0`) } })).map(
        String,
      ),
    )
    const entries = () =>
      conn
        .db!.collection('inbound_messages')
        .find({ messageId: { $in: said } }, { projection: { messageId: 1, state: 1 } })
        .toArray()
    // the last turns' done marks wait up to a quarter second to be group-committed (journal-writes.ts):
    // waited for here, at most 10 s (not part of the timed turns)
    let journaled = await entries()
    for (const end = Date.now() + 10_000; journaled.some((j) => j.state !== 'done') && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 50))
      journaled = await entries()
    }
    const lost = said.filter((id) => !replied.has(`reply:${id}:0`)).length
    const notJournaled = said.length - journaled.length
    const notDone = journaled.filter((j) => j.state !== 'done').length
    console.log(
      `chat: ${said.length} messages said, ${lost} lost (no reply queued), ${notJournaled} not journaled, ${notDone} journaled but not done`,
    )
    const expected = codes.length * (SCRIPT.length + 1)
    if (!without.size && (said.length !== expected || lost || notJournaled || notDone))
      throw new Error(
        `chat: of ${said.length} messages said (expected ${expected}), ${lost} got no reply, ` +
          `${notJournaled} were not journaled, ${notDone} not marked done (BENCH_LOG=error shows why)`,
      )

    // the round whose ratio is the median is the verdict, and all its figures are that round's
    const ratioOf = (x: (typeof rounds)[number]) => x.upserts.seconds / x.ours.seconds
    const mid = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(ROUNDS / 2)]
    const perOp = (t: Timed) => (t.dbCpuUs === undefined ? undefined : Math.round(t.dbCpuUs / turns))
    const turnsPerSecond = turns / mid.ours.seconds
    const rawTurnsPerSecond = turns / mid.rawTurns.seconds
    return {
      units: n,
      lanes,
      ...(without.size ? { without: [...without] } : {}),
      turns,
      rounds: rounds.map((x) => round2(ratioOf(x))),
      turnsPerSecond: Math.round(turnsPerSecond),
      rawUpsertsPerSecond: Math.round(turns / mid.upserts.seconds),
      ratio: round2(ratioOf(mid)),
      rawTurnsPerSecond: Math.round(rawTurnsPerSecond),
      ratioToRawTurn: round2(turnsPerSecond / rawTurnsPerSecond),
      cpuUsPerTurn: Math.round(mid.ours.cpuUs / turns),
      cpuUsPerUpsert: Math.round(mid.upserts.cpuUs / turns),
      dbCpuUsPerTurn: perOp(mid.ours),
      dbCpuUsPerUpsert: perOp(mid.upserts),
      meanTurnMs: round2((mid.ours.seconds * 1000 * lanes) / turns),
      meanHandlerMs: round2(mid.handleMs / turns),
      messages: said.length,
      lost,
      notJournaled,
      notDone,
    }
  } finally {
    await bot.stop().catch(() => undefined)
    await db.drop()
  }
}

/** Wall seconds, this process's CPU and the database server's CPU (µs, when this run started it) of `fn`. */
interface Timed {
  seconds: number
  cpuUs: number
  dbCpuUs?: number
}

async function timedCpu(fn: () => Promise<void>): Promise<Timed> {
  const db0 = databaseCpuUs()
  const cpu0 = process.cpuUsage()
  const started = performance.now()
  await fn()
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpu0)
  const db1 = databaseCpuUs()
  return {
    seconds,
    cpuUs: cpu.user + cpu.system,
    ...(db0 === undefined || db1 === undefined ? {} : { dbCpuUs: db1 - db0 }),
  }
}

/**
 * The second baseline: a runner of `count` raw durable turns, `lanes` at a time, each the three writes a
 * turn makes (the journal record, the dialog's upsert, the reply into the outbox), one after another.
 */
async function rawDurableTurns(
  conn: Connection,
  lanes: number,
  dialogs: readonly ({ _id: ObjectId } & object)[],
): Promise<(count: number) => Promise<void>> {
  const db = conn.db!
  const [journal, outbox, dialog] = [
    db.collection('inbound_raw'),
    db.collection('outbox_raw'),
    db.collection('dialogs_raw2'),
  ]
  await journal.createIndex({ account: 1, messageId: 1 }, { unique: true })
  await outbox.createIndex({ key: 1 }, { unique: true })
  const sample = await db.collection('inbound_messages').findOne({}, { projection: { _id: 0 } })
  const reply = await db.collection('outbox').findOne({}, { projection: { _id: 0 } })
  let serial = 0
  return (count) =>
    pool(
      Array.from({ length: count }, () => serial++),
      lanes,
      async (i) => {
        const { _id, ...rest } = dialogs[i % dialogs.length]
        await journal.insertOne({ ...sample, messageId: `raw-${i}`, receivedAt: new Date() })
        await dialog.updateOne({ _id }, { $set: { ...rest, lastActivityAt: new Date() } }, { upsert: true })
        await outbox.insertOne({ ...reply, key: `reply:raw-${i}:0`, createdAt: new Date() })
      },
    )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const uri = process.env.MONGODB_URI
  if (!uri) throw new Error('set MONGODB_URI (or run `npm run bench -- chat`)')
  const r = await runChatBench({ uri })
  console.log(JSON.stringify(r, null, 2))
  process.exit(0)
}
