import { kindOf } from '../forms/kinds/index.js'
import { formatAnswer } from '../forms/summary.js'
import { blockItems, progress } from './navigate.js'
import { computed, valueOf, type Turn } from './turn.js'
import type { Computed } from '../forms/compute.js'
import type { Condition } from '../forms/condition.js'
import type { Question } from '../forms/question.js'
import { sharedIntro } from '../forms/shared-deviation.js'

/** Why a deviation block is asked: "偏差情况：已完成目标的 41.67%，低于序时进度 50%" or the line's rate. */
function flagReason(when: Condition | undefined, c: Computed): string {
  if (when?.kind !== 'flagged') return ''
  const ind = c.indicators[when.key]
  if (ind?.reason) return `偏差情况：${ind.reason}`
  const line = c.lines[when.key]
  return line?.rate !== null && line?.rate !== undefined
    ? `偏差情况：执行率 ${line.rate}%，低于序时进度 ${c.timeProgress}%`
    : ''
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

/** `now`: the current value is shown (revisited items), as ［现填：…］. */
function questionLine(t: Turn, q: Question, allMoney: boolean, now = false): string {
  const hint = allMoney ? '' : `（${kindOf(q.kind).hint(q)}${q.required ? '' : '，可回复“跳过”'}）`
  const old = valueOf(t, q.path)
  const value = now ? `［现填：${old === undefined ? '未填' : formatAnswer(q, old)}］` : ''
  return `${shortLabel(t, q)}${hint}${previousNote(t, q)}${value}`
}

/** A numbered item as the prompt shows it: its fixed place among the block's items. */
export interface Item {
  n: number
  q: Question
}

/** The items the current message asks (block mode: the open ones, numbered by their fixed place). */
export function shownItems(t: Turn): Item[] {
  const c = computed(t)
  const s = t.state
  const r = s.review
  const items = blockItems(t.x.blocks[r ? r.block : s.cursor], c).map((q, i) => ({ n: i + 1, q }))
  if (r) return items.filter((it) => r.paths.includes(it.q.path))
  const open = items.filter((it) => valueOf(t, it.q.path) === undefined)
  return s.mode === 'single' ? open.slice(0, 1) : open
}

function heading(t: Turn): string[] {
  const c = computed(t)
  const block = t.x.blocks[t.state.review?.block ?? t.state.cursor]
  const p = progress(t, c)
  const where = block.scope ? `项目 ${block.scope.index}/${block.scope.count}：${block.scope.name} · ` : ''
  const unit = t.state.mode === 'single' ? '题' : '部分'
  const head = `${where}${block.title}（${p ? `第 ${p.pos}/${p.total} ${unit}` : '需补充说明'}）`
  return [
    head,
    [...block.intro, flagReason(block.when, c), sharedIntro(block, t.state.answers, c)].filter(Boolean).join('\n'),
  ]
}

/** Answered items shown again (上一步, 修改 N): their current values, and how to change or keep them. */
function renderReview(t: Turn, shown: Item[]): string {
  if (shown.length === 1) {
    const { q } = shown[0]
    const had = valueOf(t, q.path) !== undefined
    const keep = had ? '回复“继续”保持不变' : '回复“继续”稍后再填'
    // 修改 N says the value in its own first line (修改第 3 项（原填：5万元）)
    const line = questionLine(t, q, false, had && t.state.review?.from !== 'edit')
    return [...heading(t), `请填写：${line}`, `回复新的值即修改；${keep}。`].filter(Boolean).join('\n')
  }
  const first = shown[0]
  const example = first.q.example ?? kindOf(first.q.kind).example(first.q)
  return [
    ...heading(t),
    '已填内容如下：',
    ...shown.map(({ n, q }) => `${n}. ${questionLine(t, q, q.kind === 'money', true)}`),
    `如需修改，回复“${first.n}：${example}”只改第${first.n}项（可多行）；回复“继续”保持不变。`,
  ]
    .filter(Boolean)
    .join('\n')
}

/**
 * The message asking for the current block (block mode: its open questions, numbered by their fixed
 * place in the block, so "3：15万" always means the item shown as 3) or the current question (single
 * mode); for items being revisited, their current values. Example:
 *   项目 1/2：乡村道路养护 · 资金执行情况（第 1/4 部分）
 *   年度资金总额预算 35万元，其中：财政拨款预算 30万元，其他资金预算 5万元
 *   请回复以下 5 项（每行一项，或用空格、“；”分隔；金额单位为元，可写“12.5万”）：
 *   3. 其中：财政拨款·1-6月执行数
 */
export function renderPrompt(t: Turn): string {
  const shown = shownItems(t)
  if (t.state.review) return renderReview(t, shown)
  if (shown.length === 1) {
    const { q } = shown[0]
    const hint = `${kindOf(q.kind).hint(q)}${q.required ? '' : '，可回复“跳过”'}`
    return [...heading(t), `请填写：${shortLabel(t, q)}（${hint}）${previousNote(t, q)}`].filter(Boolean).join('\n')
  }
  const qs = shown.map((it) => it.q)
  const allMoney = qs.every((q) => q.kind === 'money')
  const blanks = qs.some((q) => q.kind === 'text') ? '' : '空格、'
  const how = `每行一项，或用${blanks}“；”分隔${allMoney || qs.some((q) => q.kind === 'money') ? `；${MONEY_HINT}` : ''}`
  const list = shown.map(({ n, q }) => `${n}. ${questionLine(t, q, allMoney || q.kind === 'money')}`)
  return [...heading(t), `请回复以下 ${shown.length} 项（${how}）：`, ...list].filter(Boolean).join('\n')
}

/** "1. 偏差原因说明：文字，至少 4 个字，例如“上级资金6月底才下达”" — the template's example and help. */
function explainLines(shown: Item[]): string[] {
  return shown.map(
    ({ n, q }) =>
      `${n}. ${q.label}：${kindOf(q.kind).hint(q)}，例如“${q.example ?? kindOf(q.kind).example(q)}”${q.help ? `。${q.help}` : ''}`,
  )
}

/** The answer to a clerk who asked instead of answering ("怎么填？"): what each open item wants, then ask again. */
export function renderExplain(t: Turn): string {
  return ['这里需要直接填写内容：', ...explainLines(shownItems(t)), '', renderPrompt(t)].join('\n')
}

/** Help for the open questions: what each wants, with an example, and the commands. */
export function renderHelp(t: Turn): string {
  const shown = shownItems(t)
  const lines = explainLines(shown)
  const example = shown.map(({ q }) => q.example ?? kindOf(q.kind).example(q)).join('；')
  return [
    '需要填写：',
    ...lines,
    shown.length > 1 ? `可一次回复，例如：${example}` : '',
    '命令：上一步、跳过（仅选填项）、查看、修改 N、取消、提交、帮助',
  ]
    .filter(Boolean)
    .join('\n')
}
