import { isActive } from '../forms/active.js'
import type { Computed } from '../forms/compute.js'
import type { Block } from '../forms/expand.js'
import type { Question } from '../forms/question.js'
import { coveredByShare, sharedOpen } from '../forms/shared-deviation.js'
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

/** Where the user is, for "第 3/12 部分" (block mode) or "第 5/40 题" (single mode); counted, not listed. */
export function progress(t: Turn, c: Computed): { pos: number; total: number } {
  const { blocks } = t.x
  const s = t.state
  const single = s.mode === 'single'
  const current = single && s.cursor >= 0 ? missingIn(blocks[s.cursor], s.answers, c)[0] : undefined
  let total = 0
  let pos = 0
  for (let i = 0; i < blocks.length; i++) {
    if (!isActive(blocks[i], c) || coveredByShare(t.x, i, c, s.cursor)) continue
    if (!single) {
      total++
      if (i === s.cursor) pos = total
      continue
    }
    for (const q of blocks[i].questions) {
      if (!isActive(q, c)) continue
      total++
      if (q === current) pos = total
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
  const from = s.returnTo !== undefined ? s.returnTo : s.cursor + 1
  s.returnTo = undefined
  s.cursor = findNext(t, c, from < 0 ? t.x.blocks.length : from)
}
