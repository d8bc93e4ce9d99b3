import { isActive } from '../forms/active.js'
import type { Computed } from '../forms/compute.js'
import type { Block } from '../forms/expand.js'
import type { Question } from '../forms/question.js'
import { sharedOpen } from '../forms/shared-deviation.js'
import type { Turn } from './turn.js'

/** The block's applicable questions still without an answer (a skipped optional one holds null). */
export function missingIn(block: Block, answers: Record<string, unknown>, c: Computed): Question[] {
  if (!isActive(block, c)) return []
  if (block.share) return sharedOpen(block, answers, c)
  return block.questions.filter((q) => isActive(q, c) && answers[q.path] === undefined)
}

/** First block from `from` on (then from the start) with something left to answer; -1 when complete. */
export function findNext(t: Turn, c: Computed, from: number): number {
  const { blocks } = t.x
  for (let i = Math.max(from, 0); i < blocks.length; i++) if (missingIn(blocks[i], t.state.answers, c).length) return i
  for (let i = 0; i < Math.min(from, blocks.length); i++) if (missingIn(blocks[i], t.state.answers, c).length) return i
  return -1
}

/** The block's applicable questions, in order: item N of the block is the N-th of these while it is open. */
export function blockItems(block: Block, c: Computed): Question[] {
  return isActive(block, c) ? block.questions.filter((q) => isActive(q, c)) : []
}

/** A block asked only because a figure lags or exceeds its budget (偏差说明, 超预算原因). */
export function isConditional(block: Block): boolean {
  return block.when !== undefined
}

/**
 * Where the user is, for "第 3/12 部分" (block mode) or "第 5/40 题" (single mode); counted, not listed.
 * Only the base blocks are counted, so that the total never changes when a figure makes a deviation
 * or over-budget block appear; inside such a block the prompt says "需补充说明" instead (null here).
 */
export function progress(t: Turn, c: Computed): { pos: number; total: number } | null {
  const { blocks } = t.x
  const s = t.state
  const here = s.review ? s.review.block : s.cursor
  if (here >= 0 && isConditional(blocks[here])) return null
  const single = s.mode === 'single'
  const current =
    !single || here < 0 ? undefined : s.review ? s.review.paths[0] : missingIn(blocks[here], s.answers, c)[0]?.path
  let total = 0
  let pos = 0
  for (let i = 0; i < blocks.length; i++) {
    if (isConditional(blocks[i])) continue
    if (!single) {
      total++
      if (i === here) pos = total
      continue
    }
    for (const q of blocks[i].questions) {
      total++
      if (q.path === current) pos = total
    }
  }
  return { pos: pos || total, total }
}

/**
 * Moves the cursor after an answer: stay while the block has gaps; else go back to where 修改 came
 * from, or on to the next block with gaps (wrapping, so new deviation blocks are not missed).
 */
export function advance(t: Turn, c: Computed): void {
  const s = t.state
  if (s.cursor >= 0 && missingIn(t.x.blocks[s.cursor], s.answers, c).length) return
  const from = s.returnTo ?? s.cursor + 1
  s.returnTo = undefined
  s.cursor = findNext(t, c, from < 0 ? t.x.blocks.length : from)
}
