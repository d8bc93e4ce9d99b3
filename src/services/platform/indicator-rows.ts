import type { Comparator, Indicator, IndicatorBasis } from '../../domain/types.js'
import type { PlatformLayout } from './platform-mapping.js'
import type { PlatformRow } from './platform-row.js'

/** One indicator of the platform's export, for a project (or the unit's department-wide table). */
export interface IndicatorRow {
  row: number
  unitCode?: string
  projectCode?: string
  /** without `basis`: the platform does not know it (inferred, or kept from tianbao's own record) */
  indicator: Omit<Indicator, 'basis'>
  inferredBasis: IndicatorBasis
}

const OPERATORS: Record<string, Comparator | 'qualitative'> = {
  '≥': '>=',
  '>=': '>=',
  '＞=': '>=',
  大于等于: '>=',
  '≤': '<=',
  '<=': '<=',
  '＜=': '<=',
  小于等于: '<=',
  '=': '=',
  '＝': '=',
  等于: '=',
  定性: 'qualitative',
}

const DATE = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/

/**
 * A row of the indicator export, or null (blank row, or errors reported on the row). The value's type
 * decides how it is kept: a number (", " and a trailing % dropped), a date (YYYY-MM-DD) or text
 * (a qualitative indicator such as 有效提升).
 */
export function indicatorRow(r: PlatformRow, layout: PlatformLayout): IndicatorRow | null {
  if (r.blank()) return null
  const need = (field: Parameters<PlatformRow['text']>[0], label: string): string => {
    const t = r.text(field)
    if (t === '') r.fail(field, `${label}必填`)
    return t
  }
  const unitCode = r.text('unitCode') || undefined
  const projectCode = r.text('projectCode') || undefined
  if (!unitCode && !projectCode) r.fail(r.has('projectCode') ? 'projectCode' : 'unitCode', '项目代码或单位代码必填')
  const code = need('indicatorL3Code', '三级指标代码')
  const name = need('indicatorL3Name', '三级指标名称')
  const level1 = need('indicatorL1Name', '一级指标名称')
  const level2 = need('indicatorL2Name', '二级指标名称')
  const valueText = need('indicatorValue', '指标值')
  const opText = r.text('operator').replace(/\s+/g, '')
  const op = opText === '' ? '=' : (layout.operators?.[opText] ?? OPERATORS[opText])
  if (!op) r.fail('operator', `“${opText}”不是计算符号（≥、≤、=）`)
  const measure = r.text('measureUnit')
  if (!code || !name || !level1 || !level2 || !valueText || !op || (!unitCode && !projectCode)) return null
  const number = valueText.replace(/[,，]/g, '').replace(/%$/, '')
  const date = DATE.exec(valueText)
  let target: number | string = valueText
  let basis: IndicatorBasis
  if (op === 'qualitative') basis = 'qualitative'
  else if (date) {
    target = `${date[1]}-${date[2].padStart(2, '0')}-${date[3].padStart(2, '0')}`
    basis = 'milestone'
  } else if (/^[+-]?\d+(\.\d+)?$/.test(number)) {
    target = Number(number)
    basis = op === '<=' ? 'cap' : measure === '%' || valueText.endsWith('%') ? 'level' : 'cumulative'
  } else basis = 'qualitative'
  const l1Code = r.text('indicatorL1Code')
  const l2Code = r.text('indicatorL2Code')
  return {
    row: r.row,
    unitCode,
    projectCode,
    indicator: {
      code,
      level1,
      level2,
      name,
      comparator: op === 'qualitative' ? '=' : op,
      target,
      measure: measure || (valueText.endsWith('%') ? '%' : ''),
      ...(l1Code ? { level1Code: l1Code } : {}),
      ...(l2Code ? { level2Code: l2Code } : {}),
    },
    inferredBasis: basis,
  }
}
