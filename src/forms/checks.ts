import { formatMoney } from './parse/money.js'
import type { Check } from './expand.js'

export interface CheckFailure {
  paths: string[]
  message: string
}

function amount(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/**
 * Cross-field checks, run only where every figure involved is present:
 *   sum        "1-6月执行数：财政拨款 + 其他资金 应等于 年度资金总额（15万元 + 5万元 ≠ 21万元）"
 *   not-below  "年度资金总额：全年预计执行数不能小于1-6月执行数（10万元 < 15万元）"
 */
export function runChecks(checks: readonly Check[], answers: Record<string, unknown>): CheckFailure[] {
  const out: CheckFailure[] = []
  for (const c of checks) {
    if (c.kind === 'sum') {
      const total = amount(answers[c.total])
      const parts = c.parts.map((p) => amount(answers[p]))
      if (total === null || parts.some((p) => p === null)) continue
      const sum = parts.reduce<number>((a, b) => a + (b ?? 0), 0)
      if (sum !== total) {
        const shown = parts.map((p) => formatMoney(p ?? 0)).join(' + ')
        out.push({ paths: [c.total, ...c.parts], message: `${c.message}（${shown} ≠ ${formatMoney(total)}）` })
      }
    } else {
      const v = amount(answers[c.path])
      const than = amount(answers[c.than])
      if (v === null || than === null || v >= than) continue
      out.push({ paths: [c.path], message: `${c.message}（${formatMoney(v)} < ${formatMoney(than)}）` })
    }
  }
  return out
}
