import { kindOf } from '../forms/kinds/index.js'
import { parseYesNo } from '../forms/kinds/yes-no.js'
import { compact } from '../forms/parse/normalize.js'
import { parseCommand } from './commands.js'
import { complete, conclude, nextPrompt, say } from './conclude.js'
import { applyQueue, storeValue, type FillResult } from './fill.js'
import { runCommand } from './run-command.js'
import { advance } from './navigate.js'
import { clearAnswer, computed, type Turn } from './turn.js'
import type { Pending } from './types.js'

const fresh = (stored = 0): FillResult => ({ stored, errors: [], paused: false, unused: 0 })

function isYes(text: string): boolean {
  return ['确认', '确认提交', '提交', '确定'].includes(compact(text)) || parseYesNo(text) === true
}

/** "1"/"元" or "2"/"万元" (or the option's label); a fresh unambiguous answer also settles it. */
function pickOption(t: Turn, p: Extract<Pending, { type: 'ambiguous' }>, text: string): { value: unknown } | null {
  const s = compact(text).replace(/^(是|按)/, '')
  const byNumber = /^\d$/.test(s) ? p.options[Number(s) - 1] : undefined
  const byLabel = p.options.find((o) => o.label === s || (o.label === '万元' && s === '万'))
  const hit = byNumber ?? byLabel
  if (hit) return { value: hit.value }
  const q = t.x.byPath.get(p.path)
  const r = q ? kindOf(q.kind).parse(text, q) : null
  return r && r.ok === true ? { value: r.value } : null
}

/**
 * A reply while the engine waits on its own question. Commands still work (the wait is dropped),
 * except that 提交 while confirming a submission means yes.
 */
export function answerPending(t: Turn, text: string): void {
  const s = t.state
  const p = s.pending as Pending
  const cmd = parseCommand(text)
  if (p.type === 'submit') {
    if (isYes(text)) return complete(t)
    if (cmd) {
      s.pending = undefined
      return runCommand(t, cmd)
    }
    return say(t, ['回复“确认”提交，或回复“修改 N”修改第 N 项，“查看”再看一遍。'])
  }
  if (p.type === 'cancel') {
    if (parseYesNo(text) === true || compact(text) === '确认') {
      s.pending = undefined
      s.done = true
      s.outcome = 'cancelled'
      t.effects.push({ type: 'cancelled' })
      return say(t, ['已取消，已填内容未提交。需要时发送“填报”重新开始。'])
    }
    s.pending = undefined
    if (cmd && cmd.kind !== 'cancel') return runCommand(t, cmd)
    return say(t, ['好的，继续填写。', nextPrompt(t)])
  }
  if (cmd) {
    s.pending = undefined
    // the cross-table question comes on a complete block: a command moves on from it (the difference
    // stays in the summary before 提交) instead of leaving the cursor on a block with nothing to ask
    if (p.type === 'confirm-change' && p.cross) advance(t, computed(t))
    return runCommand(t, cmd)
  }
  const q = t.x.byPath.get(p.path)
  if (!q) {
    s.pending = undefined
    return say(t, [nextPrompt(t)])
  }
  if (p.type === 'ambiguous') {
    const pick = pickOption(t, p, text)
    if (!pick) {
      s.fails++
      return say(t, [p.question])
    }
    s.pending = undefined
    if (storeValue(t, q, pick.value, p.rest, p.overflow)) return conclude(t, { ...fresh(1), paused: true })
    return conclude(t, applyQueue(t, p.rest, p.overflow, fresh(1)))
  }
  const yn = parseYesNo(text)
  // a reply of several figures to the cross-table question is the next block's, not a correction: ask again
  if (yn === null && p.cross && /\s/.test(text.trim())) {
    s.fails++
    return say(t, ['请先回复“是”或“否”。', p.question])
  }
  s.pending = undefined
  if (yn === true) {
    if (p.cross) s.crossConfirmed = [...(s.crossConfirmed ?? []), p.cross]
    else s.confirmed = [...s.confirmed, p.path]
    return conclude(t, applyQueue(t, p.rest, p.overflow, fresh()))
  }
  if (yn === false) {
    clearAnswer(t, p.path)
    return say(t, ['好的，请重新填写。', nextPrompt(t)])
  }
  clearAnswer(t, p.path)
  return conclude(t, applyQueue(t, [{ path: p.path, text }, ...p.rest], p.overflow, fresh()))
}
