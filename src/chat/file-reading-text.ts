import type { CellError, FileReading, LineReading } from '../workbook/file-reading.js'

/** Most cell errors one reply lists; the rest are counted ("另有 N 处"). */
export const ERRORS_SHOWN = 30

/**
 * What follows the reading: the dialog continues on the draft (`dialog`), the clerk may keep the
 * valid answers (`keep`, with how many), or there is nothing valid to keep (`fix`).
 */
export type FileNext = { kind: 'dialog'; note: string } | { kind: 'keep'; valid: number } | { kind: 'fix' }

/**
 * The one reply to a filed template: what was read per project (or the unit) — executed amounts,
 * rates and flags —, every cell that could not be read (up to ERRORS_SHOWN), then what happens next.
 * One item per line, so the outbox can split a long text between lines.
 */
export function fileReadingText(
  file: { name: string; title: string },
  r: Pick<FileReading, 'read' | 'errors' | 'timeProgress'>,
  next: FileNext,
): string {
  const out = [`已读取文件《${file.name}》（${file.title}，序时进度 ${r.timeProgress}%）：`]
  for (const scope of r.read) {
    out.push(`【${scope.name}】`)
    for (const l of scope.lines) out.push(lineText(l))
    if (scope.deviating.length) out.push(`· 指标偏差：${scope.deviating.join('、')}`)
  }
  if (r.errors.length) {
    out.push(`有 ${r.errors.length} 处无法读取：`)
    for (const e of r.errors.slice(0, ERRORS_SHOWN)) out.push(errorText(e))
    if (r.errors.length > ERRORS_SHOWN) out.push(`另有 ${r.errors.length - ERRORS_SHOWN} 处`)
  }
  if (next.kind === 'dialog') out.push(next.note)
  else if (next.kind === 'keep')
    out.push(`未保存任何内容。回复“保留”只保存无误的 ${next.valid} 项并继续填写，或改正后重新发送文件。`)
  else out.push('未保存任何内容。请改正后重新发送文件。')
  return out.join('\n')
}

/** "· 年度资金总额：执行 40万元，执行率 40%（执行进度低于序时进度）" */
function lineText(l: LineReading): string {
  if (l.executed === null) return `· ${l.label}：未填执行数`
  const flags = [l.lagging ? '执行进度低于序时进度' : '', l.overBudget ? '超预算' : ''].filter(Boolean)
  const rate = l.rate === null ? '' : `，执行率 ${l.rate}%`
  return `· ${l.label}：执行 ${l.executedText}${rate}${flags.length ? `（${flags.join('，')}）` : ''}`
}

/** "项目2 第5行 1-9月执行数（E5）：请输入金额" */
function errorText(e: CellError): string {
  return e.cell ? `${e.where}（${e.cell}）：${e.message}` : `${e.where}：${e.message}`
}
