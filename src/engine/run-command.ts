import { activeQuestions } from '../forms/active.js'
import { formatAnswer } from '../forms/summary.js'
import { conclude, enterSubmit, nextPrompt, say, summaryFor } from './conclude.js'
import { missingIn } from './navigate.js'
import { renderHelp, renderPrompt } from './prompt.js'
import { clearAnswer, computed, setAnswer, type Turn } from './turn.js'
import type { Command } from './commands.js'

function back(t: Turn): void {
  const s = t.state
  const single = s.mode === 'single'
  const path = [...s.trail].reverse().find((p) => single || s.cursor < 0 || t.x.blockOf.get(p) !== s.cursor)
  if (!path) return say(t, ['已经是第一题了。', renderPrompt(t)])
  const target = t.x.blockOf.get(path) ?? 0
  const clear = single ? [path] : t.x.blocks[target].questions.map((q) => q.path)
  for (const p of clear) clearAnswer(t, p)
  s.cursor = target
  s.returnTo = undefined
  say(t, ['已返回上一步，请重新填写。', renderPrompt(t)])
}

function skip(t: Turn): void {
  const s = t.state
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

/** 修改 N (the number in 查看) or 修改 <part of a field name>; returns to where the user was after. */
function edit(t: Turn, target: string): void {
  const s = t.state
  const active = activeQuestions(t.x, computed(t))
  let index = /^\d+$/.test(target) ? Number(target) - 1 : -1
  if (index < 0) {
    const hits = active.map((q, i) => [q, i] as const).filter(([q]) => q.label.includes(target))
    const here = s.cursor >= 0 ? t.x.blocks[s.cursor].scope?.code : undefined
    const local = hits.filter(([q]) => t.x.blocks[t.x.blockOf.get(q.path) ?? 0].scope?.code === here)
    const pick = local.length === 1 ? local : hits
    if (pick.length === 0) return say(t, [`没有找到“${target}”。回复“查看”可看到各项编号，再回复“修改 N”。`])
    if (pick.length > 1) return say(t, ['找到多项，请回复“修改 N”：', ...pick.slice(0, 10).map(([q, i]) => `${i + 1}. ${q.label}`)])
    index = pick[0][1]
  }
  const q = active[index]
  if (!q) return say(t, [`没有第 ${target} 项（共 ${active.length} 项）。回复“查看”可看到各项编号。`])
  const old = s.answers[q.path]
  const block = t.x.blockOf.get(q.path) ?? 0
  clearAnswer(t, q.path)
  s.pending = undefined
  if (s.cursor !== block) s.returnTo = s.cursor
  s.cursor = block
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
        return say(t, [summaryFor(t, cmd.project), '', s.cursor < 0 ? '回复“确认”提交，或“修改 N”修改。' : `继续填写：\n${renderPrompt(t)}`])
      }
      return say(t, s.cursor < 0 ? [enterSubmit(t)] : [summaryFor(t), '', `继续填写：\n${renderPrompt(t)}`])
    }
    case 'help':
      return say(t, [s.cursor < 0 ? '已全部填写。回复“确认”提交，或“修改 N”修改第 N 项（编号见“查看”）。' : renderHelp(t)])
    case 'submit': {
      if (s.cursor < 0) return say(t, [enterSubmit(t)])
      const left = activeQuestions(t.x, computed(t)).filter((q) => q.required && s.answers[q.path] === undefined).length
      return say(t, [`还有 ${left} 项未填写，暂不能提交。`, nextPrompt(t)])
    }
    case 'edit':
      return edit(t, cmd.target)
  }
}
