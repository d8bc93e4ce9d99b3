import type { Digest } from '../domain/digest.js'
import type { Attachment } from '../outbox/message.js'
import { xlsxFile, type SheetColumn } from '../services/spreadsheets/table-file.js'

/** Above this many rows the digest also carries the list as an XLSX file (easier to sort and print). */
export const ATTACH_OVER = 20

const COLUMNS: SheetColumn[] = [
  { header: '单位代码', width: 12 },
  { header: '单位名称', width: 30 },
  { header: '截止时间', width: 22 },
  { header: '逾期天数', width: 10 },
  { header: '未交监控表', width: 50 },
  { header: '财务联系人', width: 12 },
  { header: '联系电话', width: 16 },
]

/** The digest's unit list as an Excel sheet, ready for the outbox: 单位 · 逾期天数 · 未交表 · 财务 · 电话. */
export async function digestWorkbook(d: Digest): Promise<Attachment> {
  const rows = d.rows.map((r) => [
    r.unitCode,
    r.unitName,
    r.deadline,
    r.daysOverdue,
    r.missing.join('、'),
    r.financeName,
    r.financePhone,
  ])
  const buf = await xlsxFile(d.kind === 'overdue' ? '逾期未报' : '未完成', COLUMNS, rows)
  return {
    filename: `${d.roundTitle}${d.kind === 'overdue' ? '逾期未报单位' : '未完成单位'}-${d.day}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: buf.toString('base64'),
  }
}
