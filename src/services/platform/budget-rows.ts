import type { Fen } from '../../domain/types.js'
import type { PlatformLayout } from './platform-mapping.js'
import type { PlatformRow } from './platform-row.js'

/** One budget row of the platform's export: a project's (or one fund source's) budget and execution. */
export interface BudgetRow {
  row: number
  unitCode?: string
  projectCode: string
  source: 'fiscal' | 'other'
  initial: Fen
  /** 调整后预算数, given or as initial + 调整预算数 */
  adjusted?: Fen
  executed?: Fen
}

const SUBTOTAL = /^(合计|总计|小计)$/

/**
 * A row of the budget export, or null for a row to pass over (blank, or a 合计 line, or a fund source
 * the mapping marks 'skip'). Without a 资金来源 column every row is the project's 财政拨款.
 */
export function budgetRow(r: PlatformRow, layout: PlatformLayout): BudgetRow | null {
  if (r.blank()) return null
  const projectCode = r.text('projectCode')
  if (projectCode === '') {
    if ([r.text('unitCode'), r.text('projectName'), r.text('unitName')].some((t) => SUBTOTAL.test(t))) return null
    r.fail('projectCode', '项目代码必填')
    return null
  }
  let source: BudgetRow['source'] = 'fiscal'
  if (r.has('fundSource')) {
    const text = r.text('fundSource')
    const to = layout.fundSources?.[text]
    if (to === 'skip') return null
    if (!to) {
      if (text === '') {
        r.fail('fundSource', '资金来源必填')
        return null
      }
      const known = Object.keys(layout.fundSources ?? {}).join('、')
      r.fail('fundSource', `“${text}”不是映射文件中的资金来源（${known}）`)
      return null
    }
    source = to
  }
  const initial = r.money('budgetInitial')
  const adjustment = r.money('budgetAdjustment')
  const adjustedGiven = r.money('budgetAdjusted')
  const executed = r.money('executed')
  if (initial === undefined) {
    if (r.text('budgetInitial') === '') r.fail('budgetInitial', '年初预算必填')
    return null
  }
  if (initial < 0) r.fail('budgetInitial', '预算不能为负数')
  const adjusted = adjustedGiven ?? (adjustment !== undefined ? initial + adjustment : undefined)
  if (adjusted !== undefined && adjusted < 0)
    r.fail(adjustedGiven !== undefined ? 'budgetAdjusted' : 'budgetAdjustment', '调整后预算不能为负数')
  if (executed !== undefined && executed < 0) r.fail('executed', '执行数不能为负数')
  return { row: r.row, unitCode: r.text('unitCode') || undefined, projectCode, source, initial, adjusted, executed }
}
