import { activeQuestions } from '../forms/active.js'
import { formatAnswer } from '../forms/summary.js'
import { conclude, enterSubmit, nextPrompt, say, summaryFor } from './conclude.js'
import { findNext, missingIn } from './navigate.js'
import { back, keepReview, openReview } from './review.js'
import { renderHelp, renderPrompt } from './prompt.js'
import { computed, setAnswer, type Turn } from './turn.js'
import type { Command } from './commands.js'

function skip(t: Turn): void {
  const s = t.state
  if (s.review) {
    // an optional item asked by 修改 N and never answered: 跳过 answers it as skipped
    const q = s.review.paths.length === 1 ? t.x.byPath.get(s.review.paths[0]) : undefined
    if (q && !q.required && s.answers[q.path] === undefined) setAnswer(t, q.path, null)
    return keepReview(t)
  }
  if (s.cursor < 0) return say(t, ['没有可跳过的题目。', enterSubmit(t)])
  const open = missingIn(t.x.blocks[s.cursor], s.answers, computed(t))
  const candidates = s.mode === 'single' ? open.slice(0, 1) : open
  const optional = candidates.filter((q) => !q.required)
  if (optional.length === 0) {
    const q = candidates[0]
    const why = q.when ? '存在偏差，须说明原因和措施' : '监控表要求填写此项'
    return say(t, [`“${q.label}”是必填项，不能跳过（${why}）。`, renderPrompt(t)])
  }
  for (const q of optional) setAnswer(t, q.path, null)
  conclude(t, { stored: 0, errors: [], paused: false, unused: 0 })
}

/**
 * 修改 N (the number in 查看: fixed over all the form's items, see Expansion.numbered) or 修改 <part of a
 * field name>: asks exactly that item, with its current value; the next reply is stored there and
 * the clerk returns to where he was.
 */
function edit(t: Turn, target: string): void {
  const s = t.state
  const all = t.x.numbered
  const active = new Set(activeQuestions(t.x, computed(t)))
  let index = /^\d+$/.test(target) ? Number(target) - 1 : -1
  if (index < 0) {
    const hits = all.map((q, i) => [q, i] as const).filter(([q]) => active.has(q) && q.label.includes(target))
    const here = s.cursor >= 0 ? t.x.blocks[s.cursor].scope?.code : undefined
    const local = hits.filter(([q]) => t.x.blocks[t.x.blockOf.get(q.path) ?? 0].scope?.code === here)
    const pick = local.length === 1 ? local : hits
    if (pick.length === 0) return say(t, [`没有找到“${target}”。回复“查看”可看到各项编号，再回复“修改 N”。`])
    if (pick.length > 1)
      return say(t, ['找到多项，请回复“修改 N”：', ...pick.slice(0, 10).map(([q, i]) => `${i + 1}. ${q.label}`)])
    index = pick[0][1]
  }
  const q = all[index]
  if (!q) return say(t, [`没有第 ${target} 项（共 ${all.length} 项）。回复“查看”可看到各项编号。`])
  if (!active.has(q)) return say(t, [`第 ${index + 1} 项“${q.label}”目前不需要填写。回复“查看”可看到各项编号。`])
  const old = s.answers[q.path]
  const block = t.x.blockOf.get(q.path) ?? 0
  // where the clerk was: kept through several 修改/上一步 in a row
  const where = s.review && s.returnTo !== undefined ? s.returnTo : s.cursor
  s.returnTo = where !== block ? where : undefined
  openReview(t, block, [q.path], 'edit')
  say(t, [`修改第 ${index + 1} 项${old !== undefined ? `（原填：${formatAnswer(q, old)}）` : ''}。`, renderPrompt(t)])
}

export function runCommand(t: Turn, cmd: Command): void {
  const s = t.state
  switch (cmd.kind) {
    case 'back':
      s.pending = undefined
      return back(t)
    case 'skip':
      return skip(t)
    case 'cancel':
      s.pending = { type: 'cancel' }
      return say(t, ['确定要取消填报吗？已填内容不会提交。回复“是”确认取消，回复“否”继续填写。'])
    case 'view': {
      if (cmd.project !== undefined) {
        if (s.cursor < 0) s.pending = { type: 'submit' }
        return say(t, [
          summaryFor(t, cmd.project),
          '',
          s.cursor < 0 ? '回复“确认”提交，或“修改 N”修改。' : `继续填写：\n${renderPrompt(t)}`,
        ])
      }
      return say(t, s.cursor < 0 ? [enterSubmit(t)] : [summaryFor(t), '', `继续填写：\n${renderPrompt(t)}`])
    }
    case 'help':
      return say(t, [
        s.cursor < 0 ? '已全部填写。回复“确认”提交，或“修改 N”修改第 N 项（编号见“查看”）。' : renderHelp(t),
      ])
    case 'submit': {
      if (s.review) {
        s.review = undefined
        s.cursor = findNext(t, computed(t), 0)
      }
      if (s.cursor < 0) return say(t, [enterSubmit(t)])
      const left = activeQuestions(t.x, computed(t)).filter((q) => q.required && s.answers[q.path] === undefined).length
      return say(t, [`还有 ${left} 项未填写，暂不能提交。`, nextPrompt(t)])
    }
    case 'where': {
      const all = activeQuestions(t.x, computed(t))
      const filled = all.filter((q) => s.answers[q.path] !== undefined).length
      return say(t, [`您正在填写《${t.template.title}》，已填 ${filled}/${all.length} 项。`, nextPrompt(t)])
    }
    case 'edit':
      return edit(t, cmd.target)
  }
}
