import { periodLabel } from '../domain/time-progress.js'
import { activeQuestions } from './active.js'
import { computeValues, type Computed } from './compute.js'
import { expandForm } from './expand.js'
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

/**
 * The summary shown by 查看 and before 提交: every applicable answer numbered as 修改 N refers to it,
 * the computed execution rates after the executed lines, and the flags. Example line:
 *   "1. 年度资金总额·1-6月执行数：15万元（执行率 42.86%，低于序时进度 50%）"
 */
export function formatSummary(template: FormTemplate, ctx: FormContext, answers: Record<string, unknown>, computed?: Computed): string {
  const x = expandForm(template, ctx)
  const c = computed ?? computeValues(template, ctx, answers)
  const lines = [`【${template.title}】${ctx.unit.name} ${periodLabel(ctx.round.endMonth)}，序时进度 ${c.timeProgress}%`]
  let scope = ''
  const rateOf = new Map(x.lines.map((l) => [l.executedPath, l.key]))
  activeQuestions(x, c).forEach((q, i) => {
    const block = x.blocks[x.blockOf.get(q.path) ?? 0]
    if (block.scope && block.scope.code !== scope) {
      scope = block.scope.code
      lines.push(`— 项目 ${block.scope.index}/${block.scope.count}：${block.scope.name} —`)
    }
    let note = ''
    const lineKey = rateOf.get(q.path)
    const line = lineKey ? c.lines[lineKey] : undefined
    if (line && line.rate !== null) note = `（执行率 ${line.rate}%${line.lagging ? `，低于序时进度 ${c.timeProgress}%` : ''}${line.overBudget ? '，超过预算' : ''}）`
    const ind = q.path.endsWith('.expected') ? c.indicators[q.path.slice(0, -'.expected'.length)] : undefined
    if (ind?.deviating) note = `（偏差：${ind.reason}）`
    lines.push(`${i + 1}. ${q.label}：${formatAnswer(q, answers[q.path])}${note}`)
  })
  const n = c.flagged.length
  lines.push(n ? `共 ${n} 处偏差（需填写偏差说明）。` : '无偏差。')
  return lines.join('\n')
}
