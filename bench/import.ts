/**
 * bench/import — a units sheet of N rows (default 20,000; nine columns of Chinese text, codes, amounts
 * and a phone number, as the bureau's own sheets have), written by exceljs as an XLSX and as a CSV:
 *  1. reading it: our bounded reader (src/services/spreadsheets/table-file.ts readTable) against exceljs' streaming
 *     WorkbookReader reading the same file into the same strings. Target ≤ 1× time.
 *  2. importing it: the XLSX through ImportService.importUnits (the container's) (read, check every row, bulk upsert)
 *     against the same rows as CSV through the same service, in the same run on the same database.
 *     Target ≤ 1.5× time (and, the issue's figure, a few seconds).
 * Also reported: the longest event-loop stall while each import runs (the reader yields every few
 * thousand cells).
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/import.ts [rows]
 */
import ExcelJS from 'exceljs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../src/config.js'
import { unitModel } from '../src/db/models/unit.js'
import { systemClock } from '../src/clock.js'
import { buildContainer } from '../src/container.js'
import { createLogger } from '../src/logger.js'
import { readTable } from '../src/services/spreadsheets/table-file.js'
import { measured } from './profiler.js'
import { openBenchDb, round2, timed } from './support.js'

export interface ImportBenchResult {
  rows: number
  xlsxBytes: number
  csvBytes: number
  /** median ms: our reader, exceljs' streaming reader (the baseline) */
  readMs: number
  exceljsStreamMs: number
  readRatio: number
  /** median ms of a whole import: XLSX, and the same rows as CSV (the baseline) */
  importXlsxMs: number
  importCsvMs: number
  importRatio: number
  /** the longest event-loop stall seen during an XLSX import, ms */
  maxStallMs: number
}

const HEADER = [
  '单位代码',
  '单位名称',
  '单位类型',
  '主管部门代码',
  '标签',
  '基本支出预算(万元)',
  '项目支出预算(万元)',
  '财务联系人',
  '财务电话',
]

function sheetRows(n: number): (string | number)[][] {
  return Array.from({ length: n }, (_, i) => [
    `U${String(i).padStart(6, '0')}`,
    `县第${i}号单位（水务局下属）`,
    i % 10 === 0 ? '主管部门' : '乡镇',
    '',
    i % 3 ? '水利;乡镇' : '教育',
    100 + (i % 97) / 4,
    30 + (i % 13),
    `联系人${i % 500}`,
    `1380000${String(i % 10_000).padStart(4, '0')}`,
  ])
}

/** The baseline reader: exceljs' streaming WorkbookReader over the same bytes, cells as trimmed strings. */
async function exceljsStreamRead(data: Buffer): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  let rows = 0
  for await (const ws of reader) {
    for await (const row of ws) {
      const cells: string[] = []
      row.eachCell((cell, col) => {
        cells[col - 1] = String(cell.text).trim()
      })
      if (cells.length) rows++
    }
    break
  }
  return rows - 1
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export async function runImportBench(opts: { uri: string; rows?: number; runs?: number }): Promise<ImportBenchResult> {
  const n = opts.rows ?? 20_000
  const runs = opts.runs ?? 3
  const config = loadConfig({})
  const limits = config.imports
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('单位')
  ws.addRow(HEADER)
  const body = sheetRows(n)
  for (const r of body) ws.addRow(r)
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer())
  const csv = Buffer.from([HEADER, ...body].map((r) => r.join(',')).join('\n'))

  const read: number[] = []
  const stream: number[] = []
  for (let i = 0; i <= runs; i++) {
    const ours = await measured(() => timed(() => readTable('xlsx', xlsx, limits)))
    const theirs = await timed(() => exceljsStreamRead(xlsx))
    if (ours.value.length !== n || theirs.value !== n)
      throw new Error(`rows read: ours ${ours.value.length}, exceljs ${theirs.value}, expected ${n}`)
    // the first round warms both up
    if (i > 0) {
      read.push(ours.ms)
      stream.push(theirs.ms)
    }
  }

  const db = await openBenchDb(opts.uri, 'import')
  try {
    await unitModel(db.conn).init()
    const imports = buildContainer(db.conn, systemClock, config, createLogger('silent')).api.imports
    const viaXlsx: number[] = []
    const viaCsv: number[] = []
    let maxStallMs = 0
    for (let i = 0; i <= runs; i++) {
      const h = monitorEventLoopDelay({ resolution: 10 })
      h.enable()
      const x = await measured(() => timed(() => imports.importUnits('xlsx', xlsx)))
      h.disable()
      const c = await timed(() => imports.importUnits('csv', csv))
      if (x.value.rows !== n || c.value.rows !== n)
        throw new Error(`rows imported: xlsx ${x.value.rows}, csv ${c.value.rows}, expected ${n}`)
      if (i > 0) {
        viaXlsx.push(x.ms)
        viaCsv.push(c.ms)
        maxStallMs = Math.max(maxStallMs, h.max / 1e6)
      }
    }
    const readMs = median(read)
    const exceljsStreamMs = median(stream)
    const importXlsxMs = median(viaXlsx)
    const importCsvMs = median(viaCsv)
    return {
      rows: n,
      xlsxBytes: xlsx.length,
      csvBytes: csv.length,
      readMs: Math.round(readMs),
      exceljsStreamMs: Math.round(exceljsStreamMs),
      readRatio: round2(readMs / exceljsStreamMs),
      importXlsxMs: Math.round(importXlsxMs),
      importCsvMs: Math.round(importCsvMs),
      importRatio: round2(importXlsxMs / importCsvMs),
      maxStallMs: Math.round(maxStallMs),
    }
  } finally {
    await db.drop()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const uri = process.env.MONGODB_URI
  if (!uri) throw new Error('set MONGODB_URI (or run `npm run bench -- import`)')
  const r = await runImportBench({ uri, rows: Number(process.argv[2] ?? 20_000) })
  console.log(JSON.stringify(r, null, 2))
  process.exit(0)
}
