import { activeQuestions } from '../forms/active.js'
import { compact } from '../forms/parse/normalize.js'
import { conclude, nextPrompt, say } from './conclude.js'
import { applyQueue, checkBlock, type FillResult } from './fill.js'
import { advance, blockItems, findNext, missingIn } from './navigate.js'
import { renderPrompt } from './prompt.js'
import { assignItems } from './split-reply.js'
import { computed, valueOf, type Turn } from './turn.js'
import { isActive } from '../forms/active.js'
import type { Computed } from '../forms/compute.js'
import type { Block } from '../forms/expand.js'
import type { QueuedItem, Review } from './types.js'

/** Replies that keep the revisited values as they are (not 是/对: a yes-no item takes those as its answer). */
const KEEP = new Set([
  '继续',
  '下一步',
  '下一题',
  '不变',
  '保持',
  '保持不变',
  '不改',
  '不用改',
  '不修改',
  '好',
  '好的',
  '没问题',
  '无误',
])

export function isKeep(text: string): boolean {
  return KEEP.has(compact(text).replace(/[。.!！,，]+$/, ''))
}

/** Shows answered items again; the cursor stands on their block until the clerk keeps or changes them. */
export function openReview(t: Turn, block: number, paths: string[], from: Review['from']): void {
  t.state.review = { block, paths, from }
  t.state.cursor = block
  t.state.pending = undefined
}

/** The item the clerk is at in single mode: the one revisited, or the first open one (none at the end). */
function currentPath(t: Turn): string | undefined {
  const s = t.state
  if (s.review) return s.review.paths[0]
  return s.cursor >= 0 ? missingIn(t.x.blocks[s.cursor], s.answers, computed(t))[0]?.path : undefined
}

/**
 * 上一步: the previous item (single mode) or block (block mode) in the form's order, shown with its
 * current values, nothing cleared. From a revisited block it goes one further back, so 上一步 twice
 * shows the block before that; the answers of the block the clerk left are kept too.
 */
export function back(t: Turn): void {
  const s = t.state
  const c = computed(t)
  if (s.mode === 'single') {
    const active = activeQuestions(t.x, c)
    const cur = currentPath(t)
    const at = active.findIndex((q) => q.path === cur)
    const prev = active[(at < 0 ? active.length : at) - 1]
    if (!prev) return say(t, ['已经是第一题了。', renderPrompt(t)])
    openReview(t, t.x.blockOf.get(prev.path) ?? 0, [prev.path], 'back')
    return say(t, ['已返回上一题。', renderPrompt(t)])
  }
  const from = s.review ? s.review.block : s.cursor < 0 ? t.x.blocks.length : s.cursor
  let j = from - 1
  while (j >= 0 && !revisitable(t, j, c)) j--
  if (j < 0) return say(t, ['已经是第一题了。', renderPrompt(t)])
  openReview(
    t,
    j,
    blockItems(t.x.blocks[j], c).map((q) => q.path),
    'back',
  )
  say(t, ['已返回上一步。', renderPrompt(t)])
}

/**
 * Whether 上一步 stops at block j: it has applicable items; lagging lines explained together are
 * shown as their shared block, and lines explained one by one (分别填写) as their own blocks.
 */
function revisitable(t: Turn, j: number, c: Computed): boolean {
  const b = t.x.blocks[j]
  const items = blockItems(b, c)
  if (items.length === 0) return false
  const common = (shared: Block): boolean => blockItems(shared, c).every((q) => valueOf(t, q.path) !== undefined)
  if (b.share) return common(b)
  return !(b.coveredBy !== undefined && isActive(t.x.blocks[b.coveredBy], c) && common(t.x.blocks[b.coveredBy]))
}

/** After 修改 N: back to where the clerk was (the block with gaps from there on, or the submit confirmation). */
function leaveEdit(t: Turn): void {
  const s = t.state
  const from = s.returnTo ?? s.cursor
  s.returnTo = undefined
  s.cursor = findNext(t, computed(t), from < 0 ? t.x.blocks.length : from)
}

/** "继续" (or 跳过) at revisited items: nothing changes; on to where the clerk was. */
export function keepReview(t: Turn): void {
  const r = t.state.review
  t.state.review = undefined
  if (r?.from === 'edit') leaveEdit(t)
  else advance(t, computed(t))
  say(t, ['好的，保持不变。', nextPrompt(t)])
}

/**
 * A reply to revisited items: "继续" keeps them; values overwrite them — numbered lines ("3：6万") the
 * item shown as 3, unnumbered ones the shown items in order (a single item takes the whole reply).
 * A value that does not parse leaves the old one and asks again; otherwise the clerk goes on to where
 * he was, through the block's cross-field checks.
 */
export function answerReview(t: Turn, text: string): void {
  const s = t.state
  const r = s.review as Review
  if (isKeep(text)) return keepReview(t)
  s.review = undefined
  const items = blockItems(t.x.blocks[r.block], computed(t))
  const acc: FillResult = { stored: 0, errors: [], paused: false, unused: 0 }
  let queue: QueuedItem[] = [{ path: r.paths[0], text }]
  if (r.paths.length > 1) {
    const split = assignItems(
      text,
      items,
      items.map((q) => !r.paths.includes(q.path)),
    )
    queue = split.queue
    acc.unused = split.overflow.length
    if (split.asks.length) acc.asks = split.asks
  }
  const res = applyQueue(t, queue, [], acc)
  if (res.paused) return conclude(t, res)
  if (res.errors.length || res.asks) {
    s.review = r
    const ack = res.stored ? `已记录 ${res.stored} 项。` : ''
    return say(t, [ack, ...res.errors.map((e) => `请更正：${e}`), ...(res.asks ?? []), renderPrompt(t)])
  }
  // 修改 N goes back to where the clerk was even if the edited item's block has other gaps
  if (r.from === 'edit' && checkBlock(t, res)) leaveEdit(t)
  conclude(t, res)
}
