import { describe, it, expect } from '@jest/globals'
import ExcelJS from 'exceljs'
import { DateTime } from 'luxon'
import { buildDigest, DigestBook, inScope, type DigestInput } from '../../src/domain/digest.js'
import { formTitles } from '../../src/forms/titles.js'
import { dueInstant } from '../../src/domain/due-instant.js'
import { BODY_ROWS, renderDigest } from '../../src/mail/digest-template.js'
import { ATTACH_OVER, digestWorkbook } from '../../src/mail/digest-workbook.js'

const now = DateTime.fromISO('2027-07-13T09:00', { zone: 'Asia/Shanghai' }).toJSDate()
const unit = (i: number) => ({
  code: `U${String(i).padStart(3, '0')}`,
  name: `示例县第${i}局`,
  parentCode: i % 2 ? 'D1' : undefined,
  tags: i % 3 ? [] : ['乡镇'],
  contacts: [{ name: `财务${i}`, phone: `1390000${String(i).padStart(4, '0')}`, role: 'finance' as const }],
})
const input = (n: number): DigestInput => ({
  kind: 'overdue',
  roundTitle: '2027年1-6月',
  titles: formTitles,
  dueAt: dueInstant('2027-07-10'),
  now,
  zone: 'Asia/Shanghai',
  counts: { units: 123, complete: 123 - n },
  pending: Array.from({ length: n }, (_, i) => ({
    unit: unit(i + 1),
    status: {
      unitCode: unit(i + 1).code,
      forms: ['department', 'project'],
      submitted: ['department'],
      ...(i === 0 ? { extensionUntil: dueInstant('2027-07-12') } : {}),
    },
  })),
  unreachable: new Set(['U002']),
})

describe('digest building and the e-mail', () => {
  it('counts, orders the most overdue first and names the finance contact', () => {
    const d = buildDigest(input(3))
    expect(d.counts).toEqual({ units: 123, complete: 120, pending: 3, overdue: 3, unreachable: 1 })
    expect(d.rows.map((r) => [r.unitCode, r.daysOverdue])).toEqual([
      ['U002', 3],
      ['U003', 3],
      ['U001', 1],
    ])
    expect(d.rows[0]).toMatchObject({
      missing: ['项目支出绩效目标执行监控表'],
      financeName: '财务2',
      financePhone: '13900000002',
      deadline: '7月10日（周六）24:00',
    })
  })

  it('renders text and phone-width HTML, escaping names', () => {
    const d = buildDigest(input(2))
    d.rows[0].unitName = '<b>局</b>'
    const mail = renderDigest(d, '王副县长', false)
    expect(mail.subject).toBe('【逾期通报】2027年1-6月绩效运行监控：2个单位逾期未报（7月13日）')
    expect(mail.text).toContain(
      '王副县长，您好：\n2027年1-6月预算绩效运行监控：全县123个单位，已完成121个，未完成2个；您分管范围内逾期未报2个，请督促。',
    )
    expect(mail.text).toContain('未交：项目支出绩效目标执行监控表\n   财务：财务2 13900000002')
    expect(mail.html).toContain('name="viewport"')
    expect(mail.html).toContain('&lt;b&gt;局&lt;/b&gt;')
    expect(mail.html).not.toContain('<table')
  })

  it(`attaches the list as XLSX when it is longer than ${ATTACH_OVER}`, async () => {
    const d = buildDigest(input(ATTACH_OVER + 5))
    expect(renderDigest(d, '赵股长', true).text).toContain('完整名单见附件（Excel）。')
    const file = await digestWorkbook(d)
    expect(file.filename).toBe('2027年1-6月逾期未报单位-2027-07-13.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file.content, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]
    expect(ws.rowCount).toBe(ATTACH_OVER + 6)
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '单位代码',
      '单位名称',
      '截止时间',
      '逾期天数',
      '未交监控表',
      '财务联系人',
      '联系电话',
    ])
    expect(ws.getRow(2).getCell(1).value).toBe('U002')
    expect(ws.getRow(2).getCell(4).value).toBe(3)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 }) // the header stays in view
  })

  it(`with the list attached, the body names only the ${BODY_ROWS} most overdue units and counts the rest`, () => {
    const d = buildDigest(input(BODY_ROWS + 15))
    const mail = renderDigest(d, '局长', true)
    expect(mail.subject).toContain(`${BODY_ROWS + 15}个单位逾期未报`)
    expect(mail.text).toContain(`您分管范围内逾期未报${BODY_ROWS + 15}个`)
    expect(mail.text).toContain(`逾期最久的${BODY_ROWS}个单位：`)
    expect(mail.text).toContain('另有15个单位未在正文列出，完整名单见附件（Excel）。')
    expect(mail.text.match(/^\d+\. /gm)).toHaveLength(BODY_ROWS)
    expect(mail.html.match(/border-top/g)).toHaveLength(BODY_ROWS)
    expect(mail.text).toContain(`1. ${d.rows[0].unitName} — 逾期3天`)
    // not attached: every row in the body
    expect(renderDigest(d, '局长', false).text.match(/^\d+\. /gm)).toHaveLength(BODY_ROWS + 15)
  })

  it('DigestBook gives each scope what buildDigest gives for the units in scope, sharing equal scopes', () => {
    const all = input(30)
    const book = new DigestBook(all, all.pending)
    for (const scope of [
      { kind: 'all' as const },
      { kind: 'department' as const, code: 'D1' },
      { kind: 'tag' as const, tag: '乡镇' },
      { kind: 'tag' as const, tag: '无' },
      { kind: 'department' as const, code: 'U003' },
    ]) {
      expect(book.forScope(scope)).toEqual(
        buildDigest({ ...all, pending: all.pending.filter((p) => inScope(scope, p.unit)) }),
      )
    }
    expect(book.forScope({ kind: 'tag', tag: '乡镇' })).toBe(book.forScope({ kind: 'tag', tag: '乡镇' }))
  })

  it.each([
    [{ kind: 'all' as const }, ['U001', 'U002', 'U003']],
    [{ kind: 'department' as const, code: 'D1' }, ['U001', 'U003']],
    [{ kind: 'tag' as const, tag: '乡镇' }, ['U003']],
  ])('scopes managers: %j', (scope, codes) => {
    expect(
      [1, 2, 3]
        .map(unit)
        .filter((u) => inScope(scope, u))
        .map((u) => u.code),
    ).toEqual(codes)
  })
})
