/**
 * `npm run bench` — every benchmark, each figure against a baseline measured in the same run on the same
 * database server; prints the table and writes bench/RESULTS.md (date, machine, database, table,
 * details, then the notes kept in bench/NOTES.md). `npm run bench -- digest progress` runs only those
 * (printed, RESULTS.md left alone). Uses MONGODB_URI when set, otherwise starts mongo-java-server on a
 * free port and stops it afterwards. With a real MongoDB the reminder sweep plans 350,000 units.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/config.js'
import { freePort } from '../src/db/free-port.js'
import { startJavaServer, type JavaServer } from '../src/db/java-server.js'
import { serverInfo, type ServerInfo } from './support.js'
import { runScript, UsageError } from '../scripts/run-script.js'

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
const BENCHES: Bench[] = [
  {
    name: 'engine',
    async run() {
      const r = await (await import('./engine.js')).runEngineBench()
      return {
        rows: [
          {
            metric: 'dialog engine, steps/s (no I/O)',
            ours: `${fmt(r.stepsPerSecond)}/s (${fmt(r.stepsPerCpuSecond)} per CPU s)`,
            baseline: '—',
            ratio: '—',
            target: '≥ 10,000/s',
            pass: r.stepsPerSecond >= 10_000,
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
      return {
        rows: [
          {
            metric: 'chat turns/s (mock puppet → handler → engine → dialog saved, 8 groups at once)',
            ours: `${fmt(r.turnsPerSecond)} turns/s`,
            baseline: `${fmt(r.rawUpsertsPerSecond)} upserts/s`,
            ratio: String(r.ratio),
            target: '≥ 0.3',
            pass: r.ratio >= 0.3,
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

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w))
  if (unknown.length)
    throw new UsageError(
      `unknown benchmark ${unknown.join(', ')}\nusage: npm run bench [-- <name>…]   names: ${BENCHES.map((b) => b.name).join(', ')}`,
    )
  const selected = wanted.length ? BENCHES.filter((b) => wanted.includes(b.name)) : BENCHES
  const started = new Date()
  const load0 = os.loadavg()
  let java: JavaServer | undefined
  const uri = process.env.MONGODB_URI ?? (java = await startJavaServer(await freePort())).uri
  const rows: Row[] = []
  const details: Record<string, unknown> = {}
  const seconds: Record<string, number> = {}
  let server: ServerInfo
  try {
    server = await serverInfo(uri, loadConfig(process.env).mongo.serverSelectionTimeoutMs)
    console.log(`database: ${server.label}${java ? ', started for this run' : ' (MONGODB_URI)'}`)
    for (const b of selected) {
      const t = performance.now()
      process.stdout.write(`▶ ${b.name} … `)
      try {
        const r = await b.run({ uri, server })
        rows.push(...r.rows)
        details[b.name] = r.details
        seconds[b.name] = Math.round((performance.now() - t) / 1000)
        console.log(`${seconds[b.name]} s — ${r.rows.map((x) => `${x.ratio} ${x.pass ? 'pass' : 'FAIL'}`).join(', ')}`)
      } catch (err) {
        seconds[b.name] = Math.round((performance.now() - t) / 1000)
        rows.push({ metric: b.name, ours: 'error', baseline: '—', ratio: '—', target: '—', pass: false })
        details[b.name] = { error: String((err as Error).stack ?? err) }
        console.log(`error: ${(err as Error).message}`)
      }
    }
  } finally {
    await java?.stop()
  }
  const load1 = os.loadavg()
  const total = Math.round((Date.now() - started.getTime()) / 1000)
  const out = table(rows)
  console.log(`\n${out}\n\n${rows.filter((r) => r.pass).length} of ${rows.length} pass · ${total} s`)
  if (wanted.length) {
    console.log('(a partial run: bench/RESULTS.md is written by a full `npm run bench`)')
    // BENCH_DETAILS=1: the rows' details too (a full run writes them into RESULTS.md)
    if (process.env.BENCH_DETAILS === '1') console.log(JSON.stringify(details))
    return
  }
  const cpus = os.cpus()
  const here = path.dirname(fileURLToPath(import.meta.url))
  const notesFile = path.join(here, 'NOTES.md')
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : ''
  const md = [
    '# Benchmark results',
    '',
    '_Written by `npm run bench` (bench/run.ts); the notes at the end come from bench/NOTES.md._',
    '',
    `- date: ${started.toISOString()}`,
    `- machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}`,
    `- load average (1 min) at start ${load0[0].toFixed(2)}, at end ${load1[0].toFixed(2)} on ${cpus.length} cores — other processes share the machine; the ratios are measured against baselines in the same run`,
    `- database: ${server.label}${java ? ' started by the bench on 127.0.0.1 (one server for every benchmark)' : ' from MONGODB_URI'}`,
    `- duration: ${total} s (${Object.entries(seconds)
      .map(([k, v]) => `${k} ${v} s`)
      .join(', ')})`,
    '',
    out,
    '',
    `${rows.filter((r) => r.pass).length} of ${rows.length} pass.`,
    '',
    '## Details',
    '',
    '```json',
    JSON.stringify(details, null, 2),
    '```',
    '',
    notes,
  ].join('\n')
  writeFileSync(path.join(here, 'RESULTS.md'), md)
  console.log('written: bench/RESULTS.md')
}

runScript('bench', main)
