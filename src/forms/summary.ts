import { periodLabel } from '../domain/time-progress.js'
import { activeQuestions } from './active.js'
import { computeValues, type Computed } from './compute.js'
import { expandForm, type Expansion } from './expand.js'
import { kindOf } from './kinds/index.js'
import type { FormContext } from './context.js'
import type { Question } from './question.js'
import type { FormTemplate } from './template.js'

/** "15万元" or "（未填）" / "（跳过）" for one answer. */
export function formatAnswer(q: Question, value: unknown): string {
  if (value === undefined) return '（未填）'
  if (value === null && !q.allowNone) return '（跳过）'
  return kindOf(q.kind).format(value, q)
}

export interface SummaryOptions {
  /** one line per project (item numbers, rates, flags) instead of every answer: for long forms */
  compact?: boolean
  /** only this project's answers (its code), numbered as in the full summary */
  project?: string
}

/** How much of a set of questions is answered (a skipped optional one counts): "尚未填写", "已填 3/7 项", or '' when all are. */
function fillState(qs: readonly Question[], answers: Record<string, unknown>): string {
  const filled = qs.filter((q) => answers[q.path] !== undefined).length
  if (filled === qs.length) return ''
  return filled === 0 ? '尚未填写' : `已填 ${filled}/${qs.length} 项`
}

/**
 * "项目 1/10：乡村道路养护（第 1–15 项）执行率 57.14%、50%、100%；偏差 2 处：群众满意度、养护成本".
 * A project not (fully) filled says so ("尚未填写", "已填 3/7 项") and never "无偏差": nothing is judged yet.
 */
function compactLine(
  x: Expansion,
  c: Computed,
  code: string,
  first: number,
  last: number,
  qs: readonly Question[],
  answers: Record<string, unknown>,
): string {
  const b = x.blocks.find((bl) => bl.scope?.code === code)
  const rates = x.lines
    .filter((l) => l.key.startsWith(`projects.${code}.`))
    .map((l) => c.lines[l.key]?.rate)
    .filter((r) => r !== null && r !== undefined)
  const flags = c.flagged
    .filter((k) => k.startsWith(`projects.${code}.`))
    .map((k) => c.lines[k]?.label ?? c.indicators[k]?.label)
  const head = b?.scope ? `项目 ${b.scope.index}/${b.scope.count}：${b.scope.name}` : code
  const open = fillState(
    qs.filter((q) => x.blocks[x.blockOf.get(q.path) ?? 0].scope?.code === code),
    answers,
  )
  const parts = [
    open,
    rates.length ? `执行率 ${rates.join('%、')}%` : '',
    flags.length ? `偏差 ${flags.length} 处：${flags.join('、')}` : open ? '' : '无偏差',
  ]
  return `${head}（第 ${first}–${last} 项）${parts.filter(Boolean).join('；')}`
}

/** The closing line: "共 2 处偏差。", "无偏差。" — or, before everything is answered, how much is. */
function closingLine(qs: readonly Question[], answers: Record<string, unknown>, flagged: number): string {
  const open = fillState(qs, answers)
  if (!open) return flagged ? `共 ${flagged} 处偏差。` : '无偏差。'
  return `${open}${flagged ? `，目前 ${flagged} 处偏差` : ''}。`
}

/**
 * The summary shown by 查看 and before 提交: every applicable answer numbered as 修改 N refers to it,
 * the computed execution rates after the executed lines, and the flags. Example line:
 *   "1. 年度资金总额·1-6月执行数：15万元（执行率 42.86%，低于序时进度 50%）"
 */
export function formatSummary(
  template: FormTemplate,
  ctx: FormContext,
  answers: Record<string, unknown>,
  computed?: Computed,
  opts: SummaryOptions = {},
): string {
  const x = expandForm(template, ctx)
  const c = computed ?? computeValues(template, ctx, answers)
  const lines = [
    `【${template.title}】${ctx.unit.name} ${periodLabel(ctx.round.endMonth)}，序时进度 ${c.timeProgress}%`,
  ]
  let scope = ''
  let first = 0
  const rateOf = new Map(x.lines.map((l) => [l.executedPath, l.key]))
  // numbered as Expansion.numbered: 修改 N means the same item whatever was answered since
  const numberOf = new Map(x.numbered.map((q, i) => [q.path, i]))
  const always = x.numbered.filter((q) => !(q.when ?? x.blocks[x.blockOf.get(q.path) ?? 0].when)).length
  let last = 0
  const qs = activeQuestions(x, c)
  qs.forEach((q) => {
    const i = numberOf.get(q.path) ?? 0
    const block = x.blocks[x.blockOf.get(q.path) ?? 0]
    const code = block.scope?.code ?? ''
    if (opts.project !== undefined && code !== opts.project) return
    if (block.scope && code !== scope) {
      if (opts.compact && scope) lines.push(compactLine(x, c, scope, first, last, qs, answers))
      scope = code
      first = i + 1
      last = i + 1
      if (!opts.compact) lines.push(`— 项目 ${block.scope.index}/${block.scope.count}：${block.scope.name} —`)
    }
    // a project's range in the compact list: the items always asked (its deviation items come later)
    if (i < always) last = i + 1
    if (opts.compact && block.scope) return
    let note = ''
    const lineKey = rateOf.get(q.path)
    const line = lineKey ? c.lines[lineKey] : undefined
    if (line && line.rate !== null)
      note = `（执行率 ${line.rate}%${line.lagging ? `，低于序时进度 ${c.timeProgress}%` : ''}${line.overBudget ? '，超过预算' : ''}）`
    const ind = q.path.endsWith('.expected') ? c.indicators[q.path.slice(0, -'.expected'.length)] : undefined
    if (ind?.deviating) note = `（偏差：${ind.reason}）`
    lines.push(`${i + 1}. ${q.label}：${formatAnswer(q, answers[q.path])}${note}`)
  })
  if (opts.compact && scope) lines.push(compactLine(x, c, scope, first, last, qs, answers))
  if (opts.project === undefined) lines.push(closingLine(qs, answers, c.flagged.length))
  return lines.join('\n')
}
