import { kindOf } from '../forms/kinds/index.js'
import { formatAnswer } from '../forms/summary.js'
import { missingIn, progress } from './navigate.js'
import { computed, type Turn } from './turn.js'
import type { Computed } from '../forms/compute.js'
import type { Condition } from '../forms/condition.js'
import type { Question } from '../forms/question.js'

/** Why a deviation block is asked: "偏差情况：已完成目标的 41.67%，低于序时进度 50%" or the line's rate. */
function flagReason(when: Condition | undefined, c: Computed): string {
  if (when?.kind !== 'flagged') return ''
  const ind = c.indicators[when.key]
  if (ind?.reason) return `偏差情况：${ind.reason}`
  const line = c.lines[when.key]
  return line?.rate !== null && line?.rate !== undefined ? `偏差情况：执行率 ${line.rate}%，低于序时进度 ${c.timeProgress}%` : ''
}

const MONEY_HINT = '金额单位为元，可写“12.5万”'

function previousNote(t: Turn, q: Question): string {
  const prev = t.ctx.previous?.[q.path]
  return prev === undefined || prev === null ? '' : `（上期 ${formatAnswer(q, prev)}）`
}

/** Inside a block titled "群众满意度·偏差说明", "群众满意度·纠偏措施" reads as just "纠偏措施". */
function shortLabel(t: Turn, q: Question): string {
  const title = t.x.blocks[t.state.cursor]?.title ?? ''
  const prefix = title.includes('·') ? `${title.split('·')[0]}·` : ''
  return prefix && q.label.startsWith(prefix) ? q.label.slice(prefix.length) : q.label
}

function questionLine(t: Turn, q: Question, allMoney: boolean): string {
  const hint = allMoney ? '' : `（${kindOf(q.kind).hint(q)}${q.required ? '' : '，可回复“跳过”'}）`
  const old = t.state.answers[q.path]
  return `${shortLabel(t, q)}${hint}${previousNote(t, q)}${old !== undefined ? `［原填：${formatAnswer(q, old)}］` : ''}`
}

/**
 * The message asking for the current block (block mode: all its open questions, numbered) or the
 * current question (single mode). Example:
 *   项目 1/2：乡村道路养护 · 资金执行情况（第 1/4 部分）
 *   年度资金总额预算 35万元，其中：财政拨款预算 30万元，其他资金预算 5万元
 *   请回复以下 7 项（每行一项，或用空格、“；”分隔；金额单位为元，可写“12.5万”）：
 *   1. 年度资金总额·1-6月执行数
 */
export function renderPrompt(t: Turn): string {
  const c = computed(t)
  const block = t.x.blocks[t.state.cursor]
  const open = missingIn(block, t.state.answers, c)
  const { pos, total } = progress(t, c)
  const where = block.scope ? `项目 ${block.scope.index}/${block.scope.count}：${block.scope.name} · ` : ''
  const unit = t.state.mode === 'single' ? '题' : '部分'
  const head = `${where}${block.title}（第 ${pos}/${total} ${unit}）`
  const intro = [...block.intro, flagReason(block.when, c)].filter(Boolean).join('\n')
  const shown = t.state.mode === 'single' ? open.slice(0, 1) : open
  if (shown.length === 1) {
    const q = shown[0]
    const hint = `${kindOf(q.kind).hint(q)}${q.required ? '' : '，可回复“跳过”'}`
    return [head, intro, `请填写：${shortLabel(t, q)}（${hint}）${previousNote(t, q)}`].filter(Boolean).join('\n')
  }
  const allMoney = shown.every((q) => q.kind === 'money')
  const blanks = shown.some((q) => q.kind === 'text') ? '' : '空格、'
  const how = `每行一项，或用${blanks}“；”分隔${allMoney || shown.some((q) => q.kind === 'money') ? `；${MONEY_HINT}` : ''}`
  const list = shown.map((q, i) => `${i + 1}. ${questionLine(t, q, allMoney || q.kind === 'money')}`)
  return [head, intro, `请回复以下 ${shown.length} 项（${how}）：`, ...list].filter(Boolean).join('\n')
}

function shownOpen(t: Turn): Question[] {
  const open = missingIn(t.x.blocks[t.state.cursor], t.state.answers, computed(t))
  return t.state.mode === 'single' ? open.slice(0, 1) : open
}

/** "1. 偏差原因说明：文字，至少 4 个字，例如“上级资金6月底才下达”" — the template's example and help. */
function explainLines(shown: Question[]): string[] {
  return shown.map((q, i) => `${i + 1}. ${q.label}：${kindOf(q.kind).hint(q)}，例如“${q.example ?? kindOf(q.kind).example(q)}”${q.help ? `。${q.help}` : ''}`)
}

/** The answer to a clerk who asked instead of answering ("怎么填？"): what each open item wants, then ask again. */
export function renderExplain(t: Turn): string {
  return ['这里需要直接填写内容：', ...explainLines(shownOpen(t)), '', renderPrompt(t)].join('\n')
}

/** Help for the open questions: what each wants, with an example, and the commands. */
export function renderHelp(t: Turn): string {
  const shown = shownOpen(t)
  const lines = explainLines(shown)
  const example = shown.map((q) => q.example ?? kindOf(q.kind).example(q)).join('；')
  return [
    '需要填写：',
    ...lines,
    shown.length > 1 ? `可一次回复，例如：${example}` : '',
    '命令：上一步、跳过（仅选填项）、查看、修改 N、取消、提交、帮助',
  ].filter(Boolean).join('\n')
}
