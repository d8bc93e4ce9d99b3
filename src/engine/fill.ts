import { compareWithPrevious } from '../domain/previous-round.js'
import { runChecks } from '../forms/checks.js'
import { kindOf } from '../forms/kinds/index.js'
import { formatAnswer } from '../forms/summary.js'
import { askCross } from './cross-question.js'
import { advance, blockItems, missingIn } from './navigate.js'
import { assignItems } from './split-reply.js'
import { clearAnswer, computed, setAnswer, valueOf, type Turn } from './turn.js'
import type { Block } from '../forms/expand.js'
import type { Question } from '../forms/question.js'
import { isSeparateRequest, sharedTargets } from '../forms/shared-deviation.js'
import type { QueuedItem } from './types.js'

/** `asks`: questions about the reply itself (a block reply that could not be split unambiguously). */
export interface FillResult {
  stored: number
  errors: string[]
  paused: boolean
  unused: number
  asks?: string[]
}

/** Asks to confirm a cumulative amount that fell since last round or jumped by more than jumpFactor. */
function changeQuestion(t: Turn, q: Question, value: number): string | null {
  const prev = t.ctx.previous?.[q.path]
  if (typeof prev !== 'number' || t.state.confirmed.includes(q.path)) return null
  const ch = compareWithPrevious(value, prev, t.ctx.round.jumpFactor)
  if (!ch) return null
  const now = `${q.label} ${formatAnswer(q, value)}`
  const why =
    ch.kind === 'fall'
      ? `低于上期的 ${formatAnswer(q, prev)}（累计数一般不会减少）`
      : `是上期 ${formatAnswer(q, prev)} 的 ${ch.factor} 倍`
  return `${now}，${why}。确认无误请回复“是”，有误请回复“否”重填。`
}

/** Stores one parsed value, or pauses on a pending question (元/万元? confirm a change?). */
export function storeValue(t: Turn, q: Question, value: unknown, rest: QueuedItem[], overflow: string[]): boolean {
  setAnswer(t, q.path, value)
  const question = q.compare && typeof value === 'number' ? changeQuestion(t, q, value) : null
  if (!question) return false
  t.state.pending = { type: 'confirm-change', path: q.path, question, rest, overflow }
  return true
}

/** Applies queued values in order; stops at the first one that needs a question of its own. */
export function applyQueue(t: Turn, queue: QueuedItem[], overflow: string[], acc: FillResult): FillResult {
  for (let i = 0; i < queue.length; i++) {
    const q = t.x.byPath.get(queue[i].path)
    if (!q) continue
    const r = kindOf(q.kind).parse(queue[i].text, q)
    const rest = queue.slice(i + 1)
    if (r.ok === true) {
      acc.stored++
      if (storeValue(t, q, r.value, rest, overflow)) return { ...acc, paused: true }
    } else if (r.ok === 'ambiguous') {
      t.state.pending = { type: 'ambiguous', path: q.path, question: r.question, options: r.options, rest, overflow }
      return { ...acc, paused: true }
    } else acc.errors.push(`${q.label}：${r.error}`)
  }
  if (acc.errors.length > 0 || overflow.length === 0) return acc
  // pasted answers beyond this block continue into the next block of the same project
  const before = t.x.blocks[t.state.cursor]
  if (!checkBlock(t, acc, overflow)) return acc
  advance(t, computed(t))
  const after = t.state.cursor >= 0 ? t.x.blocks[t.state.cursor] : undefined
  if (!after || after.scope?.code !== before.scope?.code) return { ...acc, unused: acc.unused + overflow.length }
  const next = assignByNumber(t, overflow.join('\n'), after)
  if (next.asks.length) acc.asks = [...(acc.asks ?? []), ...next.asks]
  return applyQueue(t, next.queue, next.overflow, acc)
}

/**
 * Cross-field checks once the block is complete; failing figures are cleared to be asked again. Then
 * the cross-table check, which may pause on a question (false, acc.paused; `overflow` waits with it).
 */
export function checkBlock(t: Turn, acc: FillResult, overflow: string[] = []): boolean {
  if (t.state.cursor < 0) return true
  const block = t.x.blocks[t.state.cursor]
  if (missingIn(block, t.state.answers, computed(t)).length) return true
  const failures = runChecks(block.checks, t.state.answers)
  for (const f of failures) {
    acc.errors.push(f.message)
    for (const p of f.paths) clearAnswer(t, p)
  }
  return failures.length === 0 && !askCross(t, acc, overflow)
}

/** A block reply split over the block's items by their fixed numbers; answered items take only numbered lines. */
function assignByNumber(t: Turn, raw: string, block: Block): ReturnType<typeof assignItems> {
  const items = blockItems(block, computed(t))
  return assignItems(
    raw,
    items,
    items.map((q) => valueOf(t, q.path) !== undefined),
  )
}

/** "分别填写" at a shared deviation block: on to the first lagging line's own block (the others follow). */
function separately(t: Turn, open: Question[], acc: FillResult): FillResult {
  const share = t.x.blocks[t.state.cursor].share
  const first = share && open.length ? sharedTargets(share, open[0].key, t.state.answers, computed(t))[0] : undefined
  const to = first === undefined ? undefined : t.x.blockOf.get(first)
  if (to !== undefined) t.state.cursor = to
  return { ...acc, asks: ['好的，以下各项分别说明。'] }
}

/** A reply to the current block (or question, in single mode). */
export function fillFromReply(t: Turn, raw: string): FillResult {
  const block = t.x.blocks[t.state.cursor]
  const acc: FillResult = { stored: 0, errors: [], paused: false, unused: 0 }
  if (block.share && isSeparateRequest(raw)) return separately(t, missingIn(block, t.state.answers, computed(t)), acc)
  if (t.state.mode === 'single')
    return applyQueue(t, [{ path: missingIn(block, t.state.answers, computed(t))[0].path, text: raw }], [], acc)
  const { queue, overflow, asks } = assignByNumber(t, raw, block)
  if (asks.length) acc.asks = asks
  return applyQueue(t, queue, overflow, acc)
}
