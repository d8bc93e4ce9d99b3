import { crossWarnings } from '../forms/cross-warnings.js'
import type { FillResult } from './fill.js'
import type { Turn } from './turn.js'

/**
 * Once the block under the cursor (the department's funds) is complete and its own checks pass: the first of its
 * figures that
 * differs from the submitted project table and was not confirmed yet, asked as a yes/no question
 * (pending confirm-change). "是" keeps it, "否" clears it to be asked again; nothing is blocked.
 * False when there is nothing to ask (no project table submitted: ctx.crossCheck absent).
 */
export function askCross(t: Turn, acc: FillResult, overflow: string[]): boolean {
  if (!t.ctx.crossCheck) return false
  const confirmed = t.state.crossConfirmed ?? []
  const w = crossWarnings(t.x, t.state.answers, t.ctx).find(
    (d) => t.x.blockOf.get(d.path) === t.state.cursor && !confirmed.includes(d.key),
  )
  if (!w) return false
  const question = `${w.message}确认无误请回复“是”，有误请回复“否”重填。`
  t.state.pending = { type: 'confirm-change', path: w.path, question, rest: [], overflow, cross: w.key }
  acc.paused = true
  return true
}

/** Differences still unconfirmed, for the summary before 提交 (e.g. a returned table loaded complete). */
export function crossNotes(t: Turn): string[] {
  const confirmed = t.state.crossConfirmed ?? []
  return crossWarnings(t.x, t.state.answers, t.ctx)
    .filter((w) => !confirmed.includes(w.key))
    .map((w) => `提示：${w.message}`)
}
