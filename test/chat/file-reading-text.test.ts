import { describe, expect, it } from '@jest/globals'
import { ERRORS_SHOWN, fileReadingText, type FileNext } from '../../src/chat/file-reading-text.js'
import type { CellError, FileReading, ScopeReading } from '../../src/workbook/file-reading.js'

const roads: ScopeReading = {
  code: 'P1',
  name: '乡村道路养护',
  lines: [
    {
      key: 'total',
      label: '年度资金总额',
      executed: 10_500_000,
      executedText: '10.5万元',
      rate: 30,
      lagging: true,
      overBudget: false,
    },
    {
      key: 'other',
      label: '其他资金',
      executed: 6_000_000,
      executedText: '6万元',
      rate: 120,
      lagging: false,
      overBudget: true,
    },
    {
      key: 'fiscal',
      label: '财政拨款',
      executed: null,
      executedText: '',
      rate: null,
      lagging: false,
      overBudget: false,
    },
  ],
  deviating: ['群众满意度', '养护里程'],
  flags: [],
}
const err = (n: number): CellError => ({
  sheet: '项目2',
  cell: `E${n}`,
  where: `项目2 第${n}行 1-9月执行数`,
  message: '不是金额',
})
const reading = (errors: CellError[]): Pick<FileReading, 'read' | 'errors' | 'timeProgress'> => ({
  read: [roads],
  errors,
  timeProgress: 50,
})
const FILE = { name: '表.xlsx', title: '项目支出表' }

/** The one reply to a filed template, as a table: reading and next step → the lines it must have. */
describe('fileReadingText', () => {
  const rows: [string, Pick<FileReading, 'read' | 'errors' | 'timeProgress'>, FileNext, string[]][] = [
    [
      'a clean file: per project the executed amounts, rates and flags, then the dialog’s note',
      reading([]),
      { kind: 'dialog', note: '已按文件《表.xlsx》填入，以下是还需补充的内容。' },
      [
        '已读取文件《表.xlsx》（项目支出表，序时进度 50%）：',
        '【乡村道路养护】',
        '· 年度资金总额：执行 10.5万元，执行率 30%（执行进度低于序时进度）',
        '· 其他资金：执行 6万元，执行率 120%（超预算）',
        '· 财政拨款：未填执行数',
        '· 指标偏差：群众满意度、养护里程',
        '已按文件《表.xlsx》填入，以下是还需补充的内容。',
      ],
    ],
    [
      'errors by cell, then the offer to keep the valid answers',
      reading([err(5), { sheet: '', cell: '', where: '目标完成情况', message: '必填' }]),
      { kind: 'keep', valid: 7 },
      [
        '有 2 处无法读取：',
        '项目2 第5行 1-9月执行数（E5）：不是金额',
        '目标完成情况：必填',
        '未保存任何内容。回复“保留”只保存无误的 7 项并继续填写，或改正后重新发送文件。',
      ],
    ],
    [
      'nothing valid to keep: only the correction is asked',
      reading([err(5)]),
      { kind: 'fix' },
      ['未保存任何内容。请改正后重新发送文件。'],
    ],
  ]
  it.each(rows)('%s', (_name, r, next, lines) => {
    const text = fileReadingText(FILE, r, next)
    const said = text.split('\n')
    for (const l of lines) expect(said).toContain(l)
    expect(said[said.length - 1]).toBe(lines[lines.length - 1])
  })

  it(`lists the first ${ERRORS_SHOWN} errors, one per line, and counts the rest`, () => {
    const many = Array.from({ length: ERRORS_SHOWN + 12 }, (_, i) => err(i + 4))
    const said = fileReadingText(FILE, reading(many), { kind: 'keep', valid: 1 }).split('\n')
    expect(said.filter((l) => l.startsWith('项目2 第'))).toHaveLength(ERRORS_SHOWN)
    expect(said).toContain(`有 ${ERRORS_SHOWN + 12} 处无法读取：`)
    expect(said).toContain('另有 12 处')
  })
})
