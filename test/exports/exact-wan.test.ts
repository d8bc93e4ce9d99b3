import { describe, expect, it } from '@jest/globals'
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import JSZip from 'jszip'
import { exactDecimal } from '../../src/domain/exact-decimal.js'
import type { PrintedLine, PrintedTable } from '../../src/forms/index.js'
import { writeMonitoringSheet } from '../../src/services/exports/monitoring-sheet.js'

/**
 * Money cells of the XLSX export hold the exact amount in 万元 (分 / 1,000,000) and only *show* two
 * decimals through the number format: 142.153万元 is written 142.153, never the rounded 142.15 (domain.md).
 * Excel keeps 15 significant digits, so amounts up to 10^15 分 (10 万亿元) are exact; the generator stays there.
 */
const MAX_EXACT_FEN = 999_999_999_999_999

function table(amounts: number[]): PrintedTable {
  const lines = amounts.map((fen, i): PrintedLine => ({
    label: `第${i + 1}行`,
    initial: fen,
    adjusted: fen,
    executed: fen,
    rate: null,
    expected: fen,
    remark: '',
    reasons: '',
    likelihood: '',
  }))
  return {
    code: 'P1',
    title: '项目支出绩效目标执行监控表（1-9月）',
    header: ['项目名称', '测试项目', '主管部门及代码', '县财政局（D1）', '实施单位', '测试单位'],
    fundsHeader: [
      '项目资金（万元）',
      '',
      '年初预算数',
      '调整后预算数',
      '1-9月执行数',
      '1-9月执行率',
      '全年预计执行数',
      '偏差原因说明',
      '',
    ],
    fundsDeviationHeader: ['偏差原因分析', '完成目标可能性'],
    lines,
    goal: [],
    indicatorHeader: [],
    indicators: [],
  }
}

/** The workbook as written, read back twice: the cells as exceljs reads them and the raw sheet XML. */
async function written(amounts: number[]): Promise<{ ws: ExcelJS.Worksheet; xml: string }> {
  const wb = new ExcelJS.Workbook()
  writeMonitoringSheet(wb.addWorksheet('t'), table(amounts))
  const data = Buffer.from(await wb.xlsx.writeBuffer())
  const back = new ExcelJS.Workbook()
  await back.xlsx.load(data as unknown as ArrayBuffer)
  const xml = (await (await JSZip.loadAsync(data)).file('xl/worksheets/sheet1.xml')?.async('string')) ?? ''
  const ws = back.getWorksheet('t')
  if (!ws) throw new Error('sheet missing')
  return { ws, xml }
}

/** A cell read back, times 1,000,000, in integer arithmetic: the 分 it stands for (null if not whole). */
function fenOf(value: ExcelJS.CellValue): number | null {
  if (typeof value !== 'number') return null
  const d = exactDecimal(value)
  if (!d || d.scale > 6) return null
  return Number(d.units * 10n ** BigInt(6 - d.scale))
}

const FIRST_LINE = 4
const MONEY_COLUMNS = [3, 4, 5, 7]

describe('XLSX money cells: exact 万元, two decimals by number format only', () => {
  it('writes 142.153万元 as 142.153 with the 0.00 format, not 142.15', async () => {
    const { ws, xml } = await written([142_153_000, 1_421_530, 1])
    expect(ws.getCell(FIRST_LINE, 5).value).toBe(142.153)
    expect(ws.getCell(FIRST_LINE, 5).numFmt).toBe('0.00')
    expect(ws.getCell(FIRST_LINE + 1, 5).value).toBe(1.42153)
    // one 分 is 0.000001万元: still there, shown as 0.00
    expect(ws.getCell(FIRST_LINE + 2, 5).value).toBe(0.000001)
    expect(xml).toContain('<v>142.153</v>')
    expect(xml).not.toContain('<v>142.15</v>')
  })

  it('gives back every amount to the 分 when the cell is read and multiplied by 1,000,000', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 100_000_000_000 }), fc.integer({ min: 0, max: MAX_EXACT_FEN })), {
          minLength: 1,
          maxLength: 40,
        }),
        async (amounts) => {
          const { ws } = await written(amounts)
          const back = amounts.map((_, i) => MONEY_COLUMNS.map((c) => fenOf(ws.getCell(FIRST_LINE + i, c).value)))
          expect(back).toEqual(amounts.map((fen) => MONEY_COLUMNS.map(() => fen)))
          for (const [i] of amounts.entries())
            for (const c of MONEY_COLUMNS) expect(ws.getCell(FIRST_LINE + i, c).numFmt).toBe('0.00')
        },
      ),
      { numRuns: 30 },
    )
  })
})
