import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Connection } from 'mongoose'
import { fillWorkbook, type ClerkEntry } from '../../fixtures/fill-workbook.js'
import { demoCounty } from '../../src/demo/demo-county.js'
import { seedDemo } from '../../src/demo/seed-demo.js'
import { systemClock } from '../../src/clock.js'
import type { Indicator, Project } from '../../src/domain/types.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { runChat } from '../support/chat-script.js'
import { testContainer } from '../support/container.js'

/** What the clerk typed into one cell, and what the export must show for it (col: the export's column letter). */
interface Filled {
  entry: ClerkEntry
  export: { row: string; col: string; value: ExcelJS.CellValue }
}

const EXPLANATION = '上级配套资金9月底才到位'
const sheetNo = (i: number) => `项目${i + 1}`
const wan = (fen: number) => fen / 1_000_000

/** Indicator values on track for 1-9月 (75 % time progress), typed as a clerk types them. */
function indicatorValues(ind: Indicator): [ExcelJS.CellValue, ExcelJS.CellValue, string, string] {
  const t = Number(ind.target)
  if (ind.basis === 'milestone') return ['2026-09-20', '2026-09-20', '2026-09-20', '2026-09-20']
  if (ind.basis === 'qualitative') return ['稳步推进中', '是', '稳步推进中', '是']
  if (ind.basis === 'cap') return [t * 0.6, t * 0.9, `${t * 0.6}${ind.measure}`, `${t * 0.9}${ind.measure}`]
  if (ind.basis === 'level') return [t, t, `${t}${ind.measure}`, `${t}${ind.measure}`]
  const actual = Math.ceil(t * 0.8)
  return [actual, t, `${actual}${ind.measure}`, `${t}${ind.measure}`]
}

/**
 * D012's project table as its clerk fills it in Excel: amounts in 万元 to the 分 (142.153), as text with
 * 万 or 元, a formula for project 1's total (with the result Excel saved), every indicator on track;
 * project 1's 其他资金 lags, its deviation filled but for the explanation, left for the chat.
 */
function clerk(projects: Project[]): Filled[] {
  const out: Filled[] = []
  projects.forEach((p, i) => {
    const sheet = sheetNo(i)
    const put = (row: string, column: string, value: ExcelJS.CellValue, exp: Filled['export']) =>
      out.push({ entry: { sheet, row, column, value }, export: exp })
    const budget = (k: 'total' | 'fiscal' | 'other') => p.funds[k].adjusted ?? p.funds[k].initial
    // executed: 80 % of the budget for the fiscal part; project 1's other funds lag (40 %)
    const fiscalEx = Math.round(budget('fiscal') * 0.8)
    const otherEx = Math.round(budget('other') * (i === 0 ? 0.4 : 0.8))
    const totalEx = fiscalEx + otherEx
    const ex = '1-9月执行数'
    const full = '全年预计执行数'
    put('年度资金总额', ex, i === 0 ? { formula: 'E5+E6', result: wan(totalEx) } : wan(totalEx), {
      row: '年度资金总额',
      col: 'E',
      value: wan(totalEx),
    })
    put('其中：财政拨款', ex, `${fiscalEx / 100}元`, { row: '其中：财政拨款', col: 'E', value: wan(fiscalEx) })
    put('其他资金', ex, `${wan(otherEx)}万`, { row: '其他资金', col: 'E', value: wan(otherEx) })
    put('年度资金总额', full, wan(budget('total')), { row: '年度资金总额', col: 'G', value: wan(budget('total')) })
    put('其中：财政拨款', full, wan(budget('fiscal')), {
      row: '其中：财政拨款',
      col: 'G',
      value: wan(budget('fiscal')),
    })
    put('其他资金', full, `${wan(budget('other'))}万元`, { row: '其他资金', col: 'G', value: wan(budget('other')) })
    put('目标完成情况', '目标完成情况', `${p.name}按计划推进`, {
      row: '目标完成情况',
      col: 'C',
      value: `${p.name}按计划推进`,
    })
    if (i === 0) {
      put('其他资金', '偏差原因', '经费保障', { row: '其他资金', col: 'J', value: '经费保障' })
      put('其他资金', '纠偏措施', '加快资金拨付', {
        row: '其他资金',
        col: 'H',
        value: `${EXPLANATION}；纠偏措施：加快资金拨付`,
      })
      put('其他资金', '完成目标可能性', '有可能', { row: '其他资金', col: 'K', value: '有可能' })
    }
    for (const ind of p.indicators) {
      const [actual, expected, actualOut, expectedOut] = indicatorValues(ind)
      put(ind.name, '1-9月实际完成值', actual, { row: ind.name, col: 'E', value: actualOut })
      put(ind.name, '全年预计完成值', expected, { row: ind.name, col: 'F', value: expectedOut })
    }
  })
  return out
}

/** The export's row whose column A or C reads `label`. */
function exportRow(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    if ([1, 3].some((c) => row.getCell(c).value === label)) return row
  }
  throw new Error(`no row ${label} in ${ws.name}`)
}

/**
 * The issue's round trip: D012's template → filled the way a clerk would → sent through the chat
 * simulator (`npm run chat -- --unit D012 --send-file`) → the dialog asks for the one missing
 * explanation → 提交 → the admin export equals, cell for cell, what was filled.
 */
describe('filing by file: template → Excel → chat → 提交 → export', () => {
  let db: Connection
  let roundId: string
  const dir = mkdtempSync(join(tmpdir(), 'chat-round-trip-'))
  beforeAll(async () => {
    db = await openTestDb('chat_file_round_trip')
    roundId = (await seedDemo(db, systemClock)).roundId
  })
  afterAll(async () => closeTestDb(db))

  it('files D012’s project table from a filled template and exports exactly what was filled', async () => {
    const c = testContainer(db, new Date())
    const projects = demoCounty().projects.filter((p) => p.unitCode === 'D012')
    const filled = clerk(projects)
    const [template] = await c.services.fillTemplates.forUnit(roundId, 'D012', 'project')
    const data = await fillWorkbook(
      template.data,
      filled.map((f) => f.entry),
      // a header the clerk merged; an empty sheet of their own
      { merge: [{ sheet: '项目2', row: '一级指标', from: '偏差原因', to: '偏差原因说明' }], extraSheet: '计算' },
    )
    const path = join(dir, '教育体育局项目表.xlsx')
    writeFileSync(path, data)
    // what the file holds, read as the chat will: no error, only the lagging line's explanation missing
    const reading = await c.services.fillTemplates.readFile(roundId, 'D012', data)
    expect(reading.errors).toEqual([])
    expect(reading.missing.map((m) => m.path)).toEqual(['projects.D012-P1.funds.other.dev.explanation'])

    const args = ['--unit', 'D012', '--as', '王琴', '--send-file', path]
    const { code, out } = await runChat(db.name, args, `${EXPLANATION}\n提交\n`)
    expect(code).toBe(0)
    expect(out).toContain('已读取文件《教育体育局项目表.xlsx》')
    expect(out).toContain('· 年度资金总额：执行 ')
    expect(out).toContain('执行进度低于序时进度')
    expect(out).toContain('已按文件《教育体育局项目表.xlsx》填入，以下是还需补充的内容。')
    expect(out).toContain('偏差原因说明')
    expect(out).toMatch(/已提交《.+》（第 1 版）/)

    const latest = await c.services.submissions.latest({ roundId, unitCode: 'D012', form: 'project' })
    expect(latest).toMatchObject({ status: 'submitted', channel: 'wechat', by: '王琴' })
    expect(latest?.answers['projects.D012-P1.funds.total.expected']).toBe(142_153_000)

    const file = await c.api.exports.tablesXlsx(roundId, { kind: 'unit', code: 'D012' }, 'project')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(file.data as unknown as ArrayBuffer)
    const sheets = projects.map((p) => {
      const ws = wb.worksheets.find((w) => w.name.startsWith(p.name))
      if (!ws) throw new Error(`no sheet for ${p.name}: ${wb.worksheets.map((w) => w.name).join(', ')}`)
      return ws
    })
    const got = filled.map((f) => {
      const ws = sheets[Number(f.entry.sheet.replace('项目', '')) - 1]
      return { ...f.export, sheet: f.entry.sheet, value: exportRow(ws, f.export.row).getCell(f.export.col).value }
    })
    expect(got).toEqual(filled.map((f) => ({ ...f.export, sheet: f.entry.sheet })))
    // money is stored exact, shown with two decimals by the number format only
    const total = exportRow(sheets[0], '年度资金总额')
    expect(total.getCell('G').value).toBe(142.153)
    expect(total.getCell('G').numFmt).toBe('0.00')
  }, 60_000)
})
