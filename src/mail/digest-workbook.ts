import ExcelJS from 'exceljs'
import type { Digest } from '../domain/digest.js'
import type { Attachment } from '../outbox/message.js'

/** Above this many rows the digest also carries the list as an XLSX file (easier to sort and print). */
export const ATTACH_OVER = 20

/** The digest's unit list as an Excel sheet, ready for the outbox: 单位 · 逾期天数 · 未交表 · 财务 · 电话. */
export async function digestWorkbook(d: Digest): Promise<Attachment> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(d.kind === 'overdue' ? '逾期未报' : '未完成')
  ws.columns = [
    { header: '单位代码', key: 'unitCode', width: 12 },
    { header: '单位名称', key: 'unitName', width: 30 },
    { header: '截止时间', key: 'deadline', width: 22 },
    { header: '逾期天数', key: 'daysOverdue', width: 10 },
    { header: '未交监控表', key: 'missing', width: 50 },
    { header: '财务联系人', key: 'financeName', width: 12 },
    { header: '联系电话', key: 'financePhone', width: 16 },
  ]
  ws.getRow(1).font = { bold: true }
  for (const r of d.rows) ws.addRow({ ...r, missing: r.missing.join('、') })
  const buf = Buffer.from(await wb.xlsx.writeBuffer())
  return {
    filename: `${d.roundTitle}${d.kind === 'overdue' ? '逾期未报单位' : '未完成单位'}-${d.day}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: buf.toString('base64'),
  }
}
