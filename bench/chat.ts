/**
 * bench/chat — chat turns per second: real messages on the wechaty mock puppet into tianbao's message
 * handler (bot/handlers/inbound-handler.ts and src/chat/chat-core.ts: the journal entry, who and where, the room's
 * binding, the open dialog, the engine,
 * the dialog state persisted with its revision check, replies into the outbox, the submission at 提交),
 * N units filing their project table in their own groups, `lanes` conversations at a time. Baseline: a
 * raw driver upsert of the same dialog documents, as many as there were turns, at the same concurrency.
 * Target: ours ÷ baseline ≥ 0.3.
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/chat.ts
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
import { seedBotWorld } from '../fixtures/bot-world-seed.js'
import { measured } from './profiler.js'
import { BENCH_ENV, databaseCpuUs, openBenchDb, pool, round2 } from './support.js'

export interface ChatBenchResult {
  units: number
  lanes: number
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

export async function runChatBench(opts: { uri: string; units?: number; lanes?: number }): Promise<ChatBenchResult> {
  const n = opts.units ?? 60
  const lanes = opts.lanes ?? 8
  const db = await openBenchDb(opts.uri, 'chat')
  const conn = db.conn
  const codes = Array.from({ length: n }, (_, i) => `U${i + 1}`)
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
  const inbound = inboundHandler(c, bot, 'default', c.chat.journal('bench'))
  // each talker waits for its own message to be handled before it says the next one
  const waiting = new Map<string, () => void>()
  let handleMs = 0
  /** every message a person said, by id: checked at the end for its reply and its journal entry */
  const said: string[] = []
  bot.on('message', async (msg: Message) => {
    if (!msg.self()) said.push(msg.id)
    const h0 = performance.now()
    await inbound.receive(msg)
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
    let turnTime = 0
    handleMs = 0
    tracing = true
    // the timed turns are the measured part (`npm run bench -- --profile chat` profiles them)
    const db0 = databaseCpuUs()
    const { seconds, cpu } = await measured(async () => {
      const cpu0 = process.cpuUsage()
      const started = performance.now()
      await pool(people, lanes, async (p) => {
        for (const text of SCRIPT) {
          const t = performance.now()
          await say(p, text)
          turnTime += performance.now() - t
        }
      })
      return { seconds: (performance.now() - started) / 1000, cpu: process.cpuUsage(cpu0) }
    })
    const db1 = databaseCpuUs()
    const turns = n * SCRIPT.length
    tracing = false
    if (traced.size) {
      console.log(
        `chat node CPU per turn: ${((cpu.user + cpu.system) / 1000 / turns).toFixed(2)} ms (wall ${((seconds * 1000) / turns).toFixed(2)} ms per turn)`,
      )
      const rows = [...traced].sort((a, b) => b[1] - a[1])
      const total = rows.reduce((s, [, v]) => s + v, 0)
      console.log(
        `chat commands per turn (${turns} turns): ${(total / turns).toFixed(2)}\n${rows.map(([k, v]) => `  ${k}: ${(v / turns).toFixed(2)}`).join('\n')}`,
      )
    }
    const meanHandleMs = handleMs / turns
    const filed = await submissionModel(conn).countDocuments({ roundId, status: 'submitted' })
    if (filed !== n)
      throw new Error(
        `only ${filed} of ${n} conversations ended in a submission (BENCH_LOG=error shows the handler's errors)`,
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
    if (said.length !== n * (SCRIPT.length + 1) || lost || notJournaled || notDone)
      throw new Error(
        `chat: of ${said.length} messages said (expected ${n * (SCRIPT.length + 1)}), ${lost} got no reply, ` +
          `${notJournaled} were not journaled, ${notDone} not marked done (BENCH_LOG=error shows why)`,
      )

    // baseline: the same dialog documents, one raw upsert per turn, same concurrency
    const docs = await dialogModel(conn).find({ roundId }).lean()
    const raw = conn.db!.collection('dialogs_raw')
    const ops = Array.from({ length: turns }, (_, i) => docs[i % docs.length])
    const rawStarted = performance.now()
    const rawCpu0 = process.cpuUsage()
    const rawDb0 = databaseCpuUs()
    await pool(ops, lanes, async (d) => {
      const { _id, ...rest } = d
      await raw.updateOne({ _id }, { $set: { ...rest, lastActivityAt: new Date() } }, { upsert: true })
    })
    const rawSeconds = (performance.now() - rawStarted) / 1000
    const rawCpu = process.cpuUsage(rawCpu0)
    const rawDb1 = databaseCpuUs()
    const rawTurnSeconds = await rawDurableTurns(conn, turns, lanes, docs)
    const perOp = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? undefined : Math.round((b - a) / turns)
    const turnsPerSecond = turns / seconds
    const rawUpsertsPerSecond = turns / rawSeconds
    return {
      units: n,
      lanes,
      turns,
      turnsPerSecond: Math.round(turnsPerSecond),
      rawUpsertsPerSecond: Math.round(rawUpsertsPerSecond),
      ratio: round2(turnsPerSecond / rawUpsertsPerSecond),
      rawTurnsPerSecond: Math.round(turns / rawTurnSeconds),
      ratioToRawTurn: round2(turnsPerSecond / (turns / rawTurnSeconds)),
      cpuUsPerTurn: Math.round((cpu.user + cpu.system) / turns),
      cpuUsPerUpsert: Math.round((rawCpu.user + rawCpu.system) / turns),
      dbCpuUsPerTurn: perOp(db0, db1),
      dbCpuUsPerUpsert: perOp(rawDb0, rawDb1),
      meanTurnMs: Math.round(turnTime / turns),
      meanHandlerMs: Math.round(meanHandleMs),
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

/**
 * The second baseline: `turns` raw durable turns, `lanes` at a time, each the three writes a turn makes
 * (the journal record, the dialog's upsert, the reply into the outbox), one after another; seconds taken.
 */
async function rawDurableTurns(
  conn: Connection,
  turns: number,
  lanes: number,
  dialogs: readonly ({ _id: ObjectId } & object)[],
): Promise<number> {
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
  const started = performance.now()
  await pool(
    Array.from({ length: turns }, (_, i) => i),
    lanes,
    async (i) => {
      const { _id, ...rest } = dialogs[i % dialogs.length]
      await journal.insertOne({ ...sample, messageId: `raw-${i}`, receivedAt: new Date() })
      await dialog.updateOne({ _id }, { $set: { ...rest, lastActivityAt: new Date() } }, { upsert: true })
      await outbox.insertOne({ ...reply, key: `reply:raw-${i}:0`, createdAt: new Date() })
    },
  )
  return (performance.now() - started) / 1000
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const uri = process.env.MONGODB_URI
  if (!uri) throw new Error('set MONGODB_URI (or run `npm run bench -- chat`)')
  const r = await runChatBench({ uri })
  console.log(JSON.stringify(r, null, 2))
  process.exit(0)
}
