import type { Contact, Indicator, IndicatorBasis, Project, Unit, UnitKind } from '../../domain/types.js'
import { wanToFen } from '../spreadsheets/wan-yuan.js'

/** A row parser returns the entity or the row's problems (in Chinese, naming the column). */
export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: string[] }

/** Column names accepted in Chinese (the bureau's own sheets) or English. */
function pick(v: Record<string, string>, ...names: string[]): string {
  for (const n of names) if (v[n] !== undefined && v[n] !== '') return v[n]
  return ''
}

const KINDS: Record<string, UnitKind> = {
  主管部门: 'department',
  二级单位: 'secondary',
  二级部门: 'secondary',
  乡镇: 'township',
  department: 'department',
  secondary: 'secondary',
  township: 'township',
}
const BASES: Record<string, IndicatorBasis> = {
  累计: 'cumulative',
  累计上限: 'cap',
  水平: 'level',
  节点: 'milestone',
  定性: 'qualitative',
  cumulative: 'cumulative',
  cap: 'cap',
  level: 'level',
  milestone: 'milestone',
  qualitative: 'qualitative',
}
const COMPARATORS: Record<string, Indicator['comparator']> = {
  '≥': '>=',
  '>=': '>=',
  '≤': '<=',
  '<=': '<=',
  '=': '=',
  '＝': '=',
}

function money(v: Record<string, string>, errors: string[], label: string, ...names: string[]): number | undefined {
  const text = pick(v, ...names)
  if (text === '') return undefined
  const fen = wanToFen(text)
  if (fen === null) errors.push(`${label}：“${text}”不是金额（万元，最多六位小数）`)
  return fen ?? undefined
}

export function unitRow(v: Record<string, string>): RowResult<Omit<Unit, 'indicators'>> {
  const errors: string[] = []
  const code = pick(v, '单位代码', 'code')
  const name = pick(v, '单位名称', 'name')
  const kind = KINDS[pick(v, '单位类型', 'kind')]
  const parentCode = pick(v, '主管部门代码', 'parentCode') || undefined
  if (!/^[\w-]{1,32}$/.test(code)) errors.push('单位代码：必填，只能包含字母、数字、-、_')
  if (!name) errors.push('单位名称：必填')
  if (!kind) errors.push('单位类型：应为 主管部门 / 二级单位 / 乡镇')
  if (kind === 'secondary' && !parentCode) errors.push('主管部门代码：二级单位必须填写')
  const contacts: Contact[] = []
  const financeName = pick(v, '财务联系人', 'financeName')
  if (financeName)
    contacts.push({
      name: financeName,
      role: 'finance',
      phone: pick(v, '财务电话', 'financePhone') || undefined,
      email: pick(v, '财务邮箱', 'financeEmail') || undefined,
    })
  const headName = pick(v, '单位负责人', 'headName')
  if (headName) contacts.push({ name: headName, role: 'head', email: pick(v, '负责人邮箱', 'headEmail') || undefined })
  const basic = money(v, errors, '基本支出预算', '基本支出预算(万元)', '基本支出预算（万元）', 'basicBudget')
  const project = money(v, errors, '项目支出预算', '项目支出预算(万元)', '项目支出预算（万元）', 'projectBudget')
  const tags = pick(v, '标签', 'tags')
    .split(/[;；,，、]/)
    .map((t) => t.trim())
    .filter(Boolean)
  if (errors.length) return { ok: false, errors }
  const budget =
    basic !== undefined && project !== undefined
      ? { total: { initial: basic + project }, basic: { initial: basic }, project: { initial: project } }
      : undefined
  return { ok: true, value: { code, name, kind, parentCode, tags, contacts, ...(budget ? { budget } : {}) } }
}

export function projectRow(v: Record<string, string>): RowResult<Omit<Project, 'indicators'>> {
  const errors: string[] = []
  const unitCode = pick(v, '单位代码', 'unitCode')
  const code = pick(v, '项目代码', 'code')
  const name = pick(v, '项目名称', 'name')
  if (!unitCode) errors.push('单位代码：必填')
  if (!/^[\w-]{1,48}$/.test(code)) errors.push('项目代码：必填，只能包含字母、数字、-、_')
  if (!name) errors.push('项目名称：必填')
  const total = money(v, errors, '年度资金总额', '年度资金总额(万元)', '年度资金总额（万元）', 'total')
  const fiscal = money(v, errors, '财政拨款', '财政拨款(万元)', '财政拨款（万元）', 'fiscal') ?? 0
  const other = money(v, errors, '其他资金', '其他资金(万元)', '其他资金（万元）', 'other') ?? 0
  const arranged = money(v, errors, '县级安排金额', '县级安排金额(万元)', '县级安排金额（万元）', 'countyArranged')
  if (total === undefined && !errors.some((e) => e.startsWith('年度资金总额'))) errors.push('年度资金总额：必填')
  if (total !== undefined && fiscal + other !== total) errors.push('年度资金总额：应等于 财政拨款 + 其他资金')
  if (errors.length || total === undefined) return { ok: false, errors }
  const funds = { total: { initial: total }, fiscal: { initial: fiscal }, other: { initial: other } }
  return {
    ok: true,
    value: {
      unitCode,
      code,
      name,
      funds,
      goal: pick(v, '年度总体目标', 'goal'),
      ...(arranged !== undefined ? { countyArranged: { arranged } } : {}),
    },
  }
}

/** An indicator row belongs to a project, or to the unit's department-wide table when 项目代码 is empty. */
export function indicatorRow(
  v: Record<string, string>,
): RowResult<{ unitCode: string; projectCode?: string; indicator: Indicator }> {
  const errors: string[] = []
  const unitCode = pick(v, '单位代码', 'unitCode')
  const projectCode = pick(v, '项目代码', 'projectCode') || undefined
  const code = pick(v, '指标代码', 'code')
  const level1 = pick(v, '一级指标', 'level1')
  const level2 = pick(v, '二级指标', 'level2')
  const name = pick(v, '三级指标', 'name')
  const comparator = COMPARATORS[pick(v, '比较符', 'comparator')]
  const basis = BASES[pick(v, '判定方式', 'basis')]
  const targetText = pick(v, '目标值', 'target')
  for (const [val, label] of [
    [unitCode, '单位代码'],
    [code, '指标代码'],
    [level1, '一级指标'],
    [level2, '二级指标'],
    [name, '三级指标'],
    [targetText, '目标值'],
  ] as const) {
    if (!val) errors.push(`${label}：必填`)
  }
  if (!comparator) errors.push('比较符：应为 ≥、≤ 或 =')
  if (!basis) errors.push('判定方式：应为 累计 / 累计上限 / 水平 / 节点 / 定性')
  let target: number | string = targetText
  if (basis && basis !== 'milestone' && basis !== 'qualitative') {
    target = Number(targetText)
    if (!Number.isFinite(target)) errors.push(`目标值：“${targetText}”不是数字`)
  }
  if (basis === 'milestone' && !/^\d{4}-\d{2}-\d{2}$/.test(targetText))
    errors.push('目标值：节点类指标应为日期，如 2027-10-31')
  if (errors.length) return { ok: false, errors }
  return {
    ok: true,
    value: {
      unitCode,
      projectCode,
      indicator: { code, level1, level2, name, comparator, target, measure: pick(v, '计量单位', 'measure'), basis },
    },
  }
}
