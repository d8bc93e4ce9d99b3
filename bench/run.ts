/**
 * `npm run bench` — every benchmark, each figure against a baseline measured in the same run on the same
 * database server; prints the table and writes bench/RESULTS.md (date, machine, database, table,
 * details, then the notes kept in bench/NOTES.md). `npm run bench -- digest progress` runs only those
 * (printed, RESULTS.md left alone). Uses MONGODB_URI when set, otherwise starts mongo-java-server on a
 * free port and stops it afterwards. With a real MongoDB the reminder sweep plans 350,000 units.
 * Exits 1 when a row fails (or its benchmark throws), 2 on a wrong command line.
 *
 * `--runs 2`: the selection twice in a row (issue 19: every row passes in two consecutive full runs);
 * prints and records each run and every row's verdict in both. `--profile [--top N]`: each selected row
 * once with its measured part CPU-profiled (bench/profile-row.ts); prints the top N self-time frames per
 * row as markdown for bench/NOTES.md and leaves RESULTS.md alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.js'
import { freePort } from '../src/db/free-port.js'
import { startJavaServer, type JavaServer } from '../src/db/java-server.js'
import { serverInfo, setDatabasePid, type ServerInfo } from './support.js'
import { runScript, UsageError } from '../scripts/run-script.js'
import { codeVersion, PROFILE_DIR, profileRow } from './profile-row.js'
import { runsTable } from './runs-table.js'

interface Row {
  metric: string
  ours: string
  baseline: string
  ratio: string
  target: string
  pass: boolean
}

interface Ctx {
  uri: string
  server: ServerInfo
}

interface Bench {
  name: string
  run(ctx: Ctx): Promise<{ rows: Row[]; details: unknown }>
}

const fmt = (x: number, unit = ''): string => `${x.toLocaleString('en-US', { maximumFractionDigits: 1 })}${unit}`
const ratioOf = (a: number, b: number): number => Math.round((a / b) * 100) / 100

// each benchmark's module loads when it runs: naming a wrong one, or a database that is not there, answers at once
/**
 * Where a row's time goes on this machine, per operation: this process's CPU and the database server's
 * (when this run started it: it shares the cores), and the ratio of each side's cost (baseline ÷ ours)
 * with the database's CPU left out and with both together.
 */
function cpuSplit(per: string, ours: { node: number; db?: number }, base: { node: number; db?: number }): string {
  const line = `CPU per ${per}: this process ${ours.node} µs, baseline ${base.node} µs`
  if (ours.db === undefined || base.db === undefined) return line
  return (
    `${line}; the database server ${ours.db} µs, baseline ${base.db} µs; cost ratio without the database ` +
    `${(base.node / ours.node).toFixed(2)}, with it ${((base.node + base.db) / (ours.node + ours.db)).toFixed(2)}`
  )
}

const BENCHES: Bench[] = [
  {
    name: 'engine',
    async run() {
      const r = await (await import('./engine.js')).runEngineBench()
      return {
        rows: [
          {
            // judged per CPU second: the row has no baseline run beside it to share the machine's load, and
            // on a shared machine the wall-clock rate measures the other processes (it is shown too)
            metric: 'dialog engine, steps per CPU second (no I/O)',
            ours: `${fmt(r.stepsPerCpuSecond)} per CPU s (${fmt(r.stepsPerSecond)}/s wall clock)`,
            baseline: '—',
            ratio: '—',
            target: '≥ 10,000 per CPU s',
            pass: r.stepsPerCpuSecond >= 10_000,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'chat-cost',
    async run() {
      const r = (await import('./chat-cost.js')).runChatCostBench()
      return {
        rows: [
          {
            metric: 'chat cost: bot messages per completed project, demo table, block mode',
            ours: `${fmt(r.demo.messagesPerProject)} messages`,
            baseline: `${fmt(r.demo.questionsPerProject)} questions`,
            ratio: String(r.demo.ratio),
            target: '≤ 0.5',
            pass: r.demo.ratio <= 0.5,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'api',
    async run({ uri }) {
      const api = await import('./api.js')
      const r = await api.runApiBench({ uri })
      console.log(api.formatBreakdown(r.breakdown))
      console.log(
        cpuSplit(
          'request (autocannon in this process on both sides)',
          { node: r.fullCpuUs, db: r.fullDbCpuUs },
          { node: r.bareCpuUs, db: r.bareDbCpuUs },
        ),
      )
      const p99 = ratioOf(r.p99AtRateMs, r.bareP99AtRateMs)
      // a side that could not keep the fixed rate queued requests autocannon never sent: its p99 is not comparable
      const kept = r.achievedAtRate >= 0.95 * r.rate
      return {
        rows: [
          {
            metric: 'submission API throughput (full path vs bare Koa + insertOne)',
            ours: `${fmt(r.fullRps)} req/s`,
            baseline: `${fmt(r.bareRps)} req/s`,
            ratio: String(r.ratio),
            target: '≥ 0.5',
            pass: r.ratio >= 0.5,
          },
          {
            metric: `submission API p99 at a fixed ${r.rate} req/s`,
            ours: `${fmt(r.p99AtRateMs)} ms${kept ? '' : ` (only ${fmt(r.achievedAtRate)} req/s achieved)`}`,
            baseline: `${fmt(r.bareP99AtRateMs)} ms${r.bareAchievedAtRate >= 0.95 * r.rate ? '' : ` (only ${fmt(r.bareAchievedAtRate)} req/s achieved)`}`,
            ratio: `${p99}×`,
            target: `≤ 3× at ${r.rate} req/s`,
            pass: p99 <= 3 && kept,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'chat',
    async run({ uri }) {
      const r = await (await import('./chat.js')).runChatBench({ uri })
      console.log(
        cpuSplit(
          'turn, against per raw upsert',
          { node: r.cpuUsPerTurn, db: r.dbCpuUsPerTurn },
          { node: r.cpuUsPerUpsert, db: r.dbCpuUsPerUpsert },
        ),
      )
      console.log(
        `chat against its own three writes done raw (journal record, dialog upsert, outbox insert): ${fmt(r.rawTurnsPerSecond)} raw turns/s, ours ${r.ratioToRawTurn} of it`,
      )
      console.log(`chat rounds (ours, then the baselines; the median is the verdict): ${r.rounds.join(', ')}`)
      const experiment = r.without ? ` — EXPERIMENT without ${r.without.join(', ')}: not a verdict` : ''
      if (experiment) console.log(`chat${experiment}`)
      return {
        rows: [
          {
            metric: `chat turns/s (mock puppet → handler → engine → dialog saved, ${r.lanes} groups at once)${experiment}`,
            ours: `${fmt(r.turnsPerSecond)} turns/s`,
            baseline: `${fmt(r.rawUpsertsPerSecond)} upserts/s`,
            ratio: String(r.ratio),
            target: '≥ 0.3',
            pass: !r.without && r.ratio >= 0.3,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'sweep',
    async run({ uri, server }) {
      const units = server.kind === 'mongodb' ? 350_000 : 16_000
      const r = await (await import('./sweep.js')).runSweepBench({ uri, units })
      return {
        rows: [
          {
            metric: `reminder sweep, ${fmt(units)} units, a slot after the previous one in the same process (plan one round into the outbox vs raw insertMany; the process's cold first sweep: ${r.coldRatio}×, see details)`,
            ours: `${fmt(r.sweepMs)} ms`,
            baseline: `${fmt(r.rawInsertMs)} ms`,
            ratio: `${r.ratio}×`,
            target: '≤ 2×',
            pass: r.ratio <= 2,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'progress',
    async run({ uri }) {
      const r = await (await import('./progress.js')).runProgressBench({ uri, units: 16_000, runs: 3 })
      return {
        rows: [
          {
            metric: 'round progress, 16,000 units (admin endpoint vs one counting aggregation)',
            ours: `${fmt(r.endpointMs)} ms`,
            baseline: `${fmt(r.aggregationMs)} ms`,
            ratio: `${r.ratio}×`,
            target: '≤ 1.5×',
            pass: r.ratio <= 1.5,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'digest',
    async run({ uri }) {
      const r = await (
        await import('./digest.js')
      ).runDigestBench({ uri, units: 16_000, runs: 3, withoutAllScope: true })
      return {
        rows: [
          {
            metric: `digest, 16,000 units (all ${fmt(r.managers)} managers' digests vs the aggregation behind them)`,
            ours: `${fmt(r.digestMs)} ms`,
            baseline: `${fmt(r.aggregationMs)} ms`,
            ratio: `${r.ratio}×`,
            target: '≤ 2×',
            pass: r.ratio <= 2,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'import',
    async run({ uri }) {
      const r = await (await import('./import.js')).runImportBench({ uri, rows: 20_000 })
      return {
        rows: [
          {
            metric: `import: read a ${fmt(r.rows)}-row XLSX (bounded reader vs exceljs streaming reader)`,
            ours: `${fmt(r.readMs)} ms`,
            baseline: `${fmt(r.exceljsStreamMs)} ms`,
            ratio: `${r.readRatio}×`,
            target: '≤ 1×',
            pass: r.readRatio <= 1,
          },
          {
            metric: `import: ${fmt(r.rows)} units from XLSX end to end (vs the same rows as CSV)`,
            ours: `${fmt(r.importXlsxMs)} ms, longest stall ${fmt(r.maxStallMs)} ms`,
            baseline: `${fmt(r.importCsvMs)} ms`,
            ratio: `${r.importRatio}×`,
            target: '≤ 1.5×',
            pass: r.importRatio <= 1.5,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'board',
    async run({ uri }) {
      const r = await (await import('./board.js')).runBoardBench({ uri, units: 16_000, runs: 7 })
      return {
        rows: [
          {
            metric:
              'console board, 16,000 units: browser time to counts + chart + first page (Chromium; vs the API calls)',
            ours: `median ${fmt(r.browserMs.median)} ms, p90 ${fmt(r.browserMs.p90)} ms`,
            baseline: `${fmt(r.apiMs.median)} ms`,
            ratio: `${ratioOf(r.browserMs.median, r.apiMs.median)}×`,
            target: '≤ 1,000 ms',
            pass: r.browserMs.median <= 1000,
          },
          {
            metric: `console board: next page / status filter answered, browser part (after its API call); 主管部门 tab ${fmt(r.departmentsTabMs.median)} ms`,
            ours: `median ${fmt(r.clickMs.median)} ms, p90 ${fmt(r.clickMs.p90)} ms`,
            baseline: `${fmt(r.clickApiMs)} ms`,
            ratio: `${ratioOf(r.clickMs.median, r.clickApiMs)}×`,
            target: '≤ 1,000 ms',
            pass: r.clickMs.median <= 1000,
          },
        ],
        details: r,
      }
    },
  },
  {
    name: 'pacing',
    async run({ uri }) {
      const r = await (await import('./pacing.js')).runPacingBench({ uri })
      return {
        rows: [
          {
            metric: `pacing: achieved rate, ${r.rooms} groups, wall clock`,
            ours: `${fmt(r.achievedPerMinute)}/min`,
            baseline: `cap ${fmt(r.capPerMinute)}/min`,
            ratio: String(r.ratio),
            target: '0.95–1.0',
            pass: r.ratio >= 0.95 && r.ratio <= 1,
          },
          {
            metric: `pacing: most sends in any rolling ${r.policy.windowMs / 1000} s`,
            ours: String(r.maxInWindow),
            baseline: `cap ${r.policy.perWindow}`,
            ratio: String(ratioOf(r.maxInWindow, r.policy.perWindow)),
            target: '≤ 1.0',
            pass: r.maxInWindow <= r.policy.perWindow,
          },
        ],
        details: r,
      }
    },
  },
]

function table(rows: Row[]): string {
  const head = '| metric | ours | baseline | ratio | target | result |\n|---|---|---|---|---|---|'
  return [
    head,
    ...rows.map(
      (r) => `| ${r.metric} | ${r.ours} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.pass ? 'pass' : '**FAIL**'} |`,
    ),
  ].join('\n')
}

const USAGE = `usage: npm run bench [-- [--runs N] [--profile [--top N]] <name>…]   names: ${BENCHES.map((b) => b.name).join(', ')}`

interface Run {
  started: Date
  load0: number
  load1: number
  seconds: Record<string, number>
  total: number
  rows: (Row & { bench: string })[]
  details: Record<string, unknown>
}

/** Each selected benchmark once, one printed line per benchmark; under `profile` each row profiled. */
async function runOnce(
  selected: Bench[],
  ctx: Ctx,
  profile?: { top: number; stamp: string; sections: string[] },
): Promise<Run> {
  const started = new Date()
  const load0 = os.loadavg()[0]
  const rows: Run['rows'] = []
  const details: Record<string, unknown> = {}
  const seconds: Record<string, number> = {}
  for (const b of selected) {
    const t = performance.now()
    process.stdout.write(`▶ ${b.name} … `)
    // a row without a baseline (the engine's steps/s) shows its own figure
    const verdicts = (r: { rows: Row[] }) =>
      r.rows.map((x) => `${x.ratio === '—' ? x.ours : x.ratio} ${x.pass ? 'pass' : 'FAIL'}`).join(', ')
    try {
      let r: Awaited<ReturnType<Bench['run']>>
      if (profile) {
        const p = await profileRow(
          b.name,
          () => b.run(ctx),
          (x) => `${b.name}: ${verdicts(x)}`,
          profile,
        )
        profile.sections.push(p.markdown)
        r = p.value
      } else r = await b.run(ctx)
      rows.push(...r.rows.map((x) => ({ ...x, bench: b.name })))
      details[b.name] = r.details
      seconds[b.name] = Math.round((performance.now() - t) / 1000)
      console.log(`${seconds[b.name]} s — ${verdicts(r)}`)
    } catch (err) {
      seconds[b.name] = Math.round((performance.now() - t) / 1000)
      rows.push({ bench: b.name, metric: b.name, ours: 'error', baseline: '—', ratio: '—', target: '—', pass: false })
      details[b.name] = { error: String((err as Error).stack ?? err) }
      console.log(`error: ${(err as Error).message}`)
    }
  }
  const total = Math.round((Date.now() - started.getTime()) / 1000)
  return { started, load0, load1: os.loadavg()[0], seconds, total, rows, details }
}

/** Exit code: 0 when every row of every run passed, 1 when one failed (a benchmark that threw fails). */
async function main(): Promise<number> {
  const { values, positionals: wanted } = parseArgs({
    options: { runs: { type: 'string' }, profile: { type: 'boolean' }, top: { type: 'string' } },
    allowPositionals: true,
  })
  const runs = Number(values.runs ?? 1)
  const top = Number(values.top ?? 15)
  if (!Number.isInteger(runs) || runs < 1 || runs > 5)
    throw new UsageError(`--runs takes a whole number from 1 to 5, not ${values.runs}\n${USAGE}`)
  if (!Number.isInteger(top) || top < 1 || top > 100)
    throw new UsageError(`--top takes a whole number from 1 to 100, not ${values.top}\n${USAGE}`)
  if (values.profile && runs > 1) throw new UsageError(`--profile runs each benchmark once: leave out --runs\n${USAGE}`)
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w))
  if (unknown.length) throw new UsageError(`unknown benchmark ${unknown.join(', ')}\n${USAGE}`)
  const selected = wanted.length ? BENCHES.filter((b) => wanted.includes(b.name)) : BENCHES
  let java: JavaServer | undefined
  const uri = process.env.MONGODB_URI ?? (java = await startJavaServer(await freePort())).uri
  setDatabasePid(java?.pid)
  const done: Run[] = []
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)
  const profile = values.profile ? { top, stamp, sections: [] as string[] } : undefined
  let server: ServerInfo
  try {
    server = await serverInfo(uri, loadConfig(process.env).mongo.serverSelectionTimeoutMs)
    console.log(`database: ${server.label}${java ? ', started for this run' : ' (MONGODB_URI)'}`)
    for (let i = 1; i <= runs; i++) {
      if (runs > 1) console.log(`\nrun ${i} of ${runs}`)
      done.push(await runOnce(selected, { uri, server }, profile))
    }
  } finally {
    await java?.stop()
  }
  const all = done.flatMap((r) => r.rows)
  const failed = all.some((r) => !r.pass)
  for (const [i, r] of done.entries()) {
    const passed = r.rows.filter((x) => x.pass).length
    console.log(
      `\n${runs > 1 ? `run ${i + 1}\n` : ''}${table(r.rows)}\n\n${passed} of ${r.rows.length} pass · ${r.total} s`,
    )
  }
  const both = runs > 1 ? runsTable(done.map((r) => r.rows)) : undefined
  if (both) console.log(`\n${both.markdown}\n\n${both.passedAll} of ${both.rows} rows pass in all ${runs} runs`)
  if (profile) {
    const md = `### Profiles (${codeVersion()}, ${done[0].started.toISOString().slice(0, 10)}, ${server.label})\n\n${profile.sections.join('\n')}`
    const file = path.join(PROFILE_DIR, `profiles-${stamp}.md`)
    writeFileSync(file, md)
    console.log(
      `\n${md}\n(also in ${path.relative(process.cwd(), file)}; a profiled run leaves bench/RESULTS.md alone)`,
    )
  } else if (wanted.length) {
    console.log('(a partial run: bench/RESULTS.md is written by a full `npm run bench`)')
    // BENCH_DETAILS=1: the rows' details too (a full run writes them into RESULTS.md)
    if (process.env.BENCH_DETAILS === '1') console.log(JSON.stringify(done.map((r) => r.details)))
  } else writeResults(done, server, java !== undefined, both)
  return failed ? 1 : 0
}

function writeResults(done: Run[], server: ServerInfo, started: boolean, both?: ReturnType<typeof runsTable>): void {
  const cpus = os.cpus()
  const here = path.dirname(fileURLToPath(import.meta.url))
  const notesFile = path.join(here, 'NOTES.md')
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : ''
  const several = done.length > 1
  const per = (f: (r: Run) => string): string =>
    several ? done.map((r, i) => `run ${i + 1}: ${f(r)}`).join('; ') : f(done[0])
  const passLine = (r: Run) => `${r.rows.filter((x) => x.pass).length} of ${r.rows.length} pass.`
  const md = [
    '# Benchmark results',
    '',
    '_Written by `npm run bench` (bench/run.ts); the notes at the end come from bench/NOTES.md._',
    '',
    `- date: ${per((r) => r.started.toISOString())}`,
    `- machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}`,
    `- load average (1 min) ${per((r) => `at start ${r.load0.toFixed(2)}, at end ${r.load1.toFixed(2)}`)} on ${cpus.length} cores — other processes share the machine; the ratios are measured against baselines in the same run`,
    `- database: ${server.label}${started ? ' started by the bench on 127.0.0.1 (one server for every benchmark)' : ' from MONGODB_URI'}`,
    `- duration: ${per(
      (r) =>
        `${r.total} s (${Object.entries(r.seconds)
          .map(([k, v]) => `${k} ${v} s`)
          .join(', ')})`,
    )}`,
    '',
    ...(several && both
      ? [
          `${done.length} consecutive full runs:`,
          '',
          both.markdown,
          '',
          `${both.passedAll} of ${both.rows} rows pass in all ${done.length} runs.`,
          '',
          ...done.flatMap((r, i) => [`### Run ${i + 1}`, '', table(r.rows), '', passLine(r), '']),
        ]
      : [table(done[0].rows), '', passLine(done[0]), '']),
    '## Details',
    '',
    '```json',
    JSON.stringify(
      several ? Object.fromEntries(done.map((r, i) => [`run ${i + 1}`, r.details])) : done[0].details,
      null,
      2,
    ),
    '```',
    '',
    notes,
  ].join('\n')
  writeFileSync(path.join(here, 'RESULTS.md'), md)
  console.log('written: bench/RESULTS.md')
}

runScript('bench', main)
