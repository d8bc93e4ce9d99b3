import { activeQuestions } from '../forms/active.js'
import { computeValues } from '../forms/compute.js'
import { kindOf } from '../forms/kinds/index.js'
import { formatSummary } from '../forms/summary.js'
import { crossNotes } from './cross-question.js'
import { checkBlock, type FillResult } from './fill.js'
import { advance, missingIn } from './navigate.js'
import { renderPrompt } from './prompt.js'
import { computed, type Turn } from './turn.js'

export function say(t: Turn, parts: (string | undefined | false)[]): void {
  t.replies.push(parts.filter(Boolean).join('\n'))
}

/** Above this many answers the summary lists one line per project (a chat message has its limits). */
const LONG_SUMMARY = 60

/** The summary for 查看 and 提交: in full, or per project with “查看 N” for one project's answers. */
export function summaryFor(t: Turn, project?: number): string {
  const c = computed(t)
  if (project !== undefined) {
    const scope = t.x.blocks.find((b) => b.scope?.index === project)?.scope
    if (!scope) return `没有第 ${project} 个项目。`
    return formatSummary(t.template, t.ctx, t.state.answers, c, { project: scope.code })
  }
  const long = activeQuestions(t.x, c).length > LONG_SUMMARY && t.x.blocks.some((b) => b.scope)
  const text = formatSummary(t.template, t.ctx, t.state.answers, c, { compact: long })
  return long ? `${text}\n回复“查看 N”可看第 N 个项目的明细。` : text
}

/** Everything answered: show the summary with rates and flags and ask for the final confirmation. */
export function enterSubmit(t: Turn): string {
  t.state.pending = { type: 'submit' }
  return `${summaryFor(t)}\n\n${crossNotes(t)
    .map((n) => `${n}\n`)
    .join('')}已全部填写。确认无误请回复“确认”提交；如需修改请回复“修改 N”（N 为序号）。`
}

/** The next thing to ask: the current block, or the submit confirmation when all is answered. */
export function nextPrompt(t: Turn): string {
  return t.state.cursor < 0 ? enterSubmit(t) : renderPrompt(t)
}

function examples(t: Turn): string {
  if (t.state.cursor < 0) return ''
  const open = missingIn(t.x.blocks[t.state.cursor], t.state.answers, computed(t))
  const shown = t.state.mode === 'single' ? open.slice(0, 1) : open
  return shown.map((q) => q.example ?? kindOf(q.kind).example(q)).join('；')
}

/**
 * Ends a reply to the current block in one message: what was stored, what to correct, and the next
 * question. After three failed tries in a row it adds an example and the ways out (帮助/取消).
 */
export function conclude(t: Turn, r: FillResult): void {
  const s = t.state
  const ack = r.stored ? `已记录 ${r.stored} 项。` : ''
  const errors = (): string => (r.errors.length ? `请更正：\n${r.errors.map((e) => `· ${e}`).join('\n')}` : '')
  if (!r.paused) checkBlock(t, r) // may pause on a cross-table question
  if (r.paused && s.pending && (s.pending.type === 'ambiguous' || s.pending.type === 'confirm-change')) {
    say(t, [ack, errors(), ...(r.asks ?? []), s.pending.question])
    return
  }
  if (r.errors.length && r.stored === 0) s.fails++
  else if (r.stored) s.fails = 0
  const tip = s.fails >= 3 ? `多次未能识别。例如：${examples(t)}\n回复“帮助”查看说明，或回复“取消”退出。` : ''
  advance(t, computed(t))
  const unused = r.unused ? `（多出的 ${r.unused} 项未记录）` : ''
  say(t, [ack + unused, errors(), ...(r.asks ?? []), tip, nextPrompt(t)])
}

/**
 * The user confirmed: hand over exactly the applicable answers and the computed values. No reply: the
 * confirmation is the receipt the host asks for once the submission is stored (types.ts, StepResult).
 */
export function complete(t: Turn): void {
  const c0 = computed(t)
  const answers: Record<string, unknown> = {}
  for (const q of activeQuestions(t.x, c0))
    if (t.state.answers[q.path] !== undefined) answers[q.path] = t.state.answers[q.path]
  const c = computeValues(t.template, t.ctx, answers)
  if (Object.keys(answers).length !== Object.keys(t.state.answers).length) t.changed = true
  t.state.answers = answers
  t.memo = undefined
  t.state.pending = undefined
  t.state.done = true
  t.state.outcome = 'completed'
  t.effects.push({ type: 'completed', payload: { answers, computed: c } })
}
