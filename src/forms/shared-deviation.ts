import { compact } from './parse/normalize.js'
import type { Computed } from './compute.js'
import type { Block } from './expand.js'
import type { Question } from './question.js'

/**
 * One deviation block for all lagging fund lines of a project (or of the department table), chat only.
 *
 * The stored data stays per line: exports, the summary, validation and the mini-program read
 * `<line>.dev.<field>` for every lagging line. The chat alone asks a shared block whose questions
 * (`projects.P1.funds.dev.reasons`) are never stored: an answer fans out to every lagging line that has
 * no answer to that field yet, so the per-line blocks after it are complete and skipped. A shared
 * question is open while at least two lagging lines lack its field; with fewer there is nothing to
 * share and the per-line block asks. That makes the rest follow:
 *   - one lagging line: no shared block, the per-line block as before;
 *   - 分别填写: the cursor moves to the first line's own block, and each line is asked in turn;
 *   - 修改 N (the summary lists per-line items) clears one line's field: only that line is asked;
 *   - a line that stops lagging: its per-line questions are inactive, so not required and not sent;
 *   - a line that starts lagging after the shared block was answered is asked in its own block (it does
 *     not silently inherit the other lines' answers); two that start lagging together share a block.
 * The expansion keeps these questions out of `questions` (schema, summary, export) and describeForm
 * leaves the block out, so a submission or a mini-program draft can never carry a shared path.
 */
export interface SharedLines {
  lines: { key: string; label: string }[]
}

/** Where a shared answer goes: the paths of the lagging lines still without an answer to `field`. */
export function sharedTargets(
  share: SharedLines,
  field: string,
  answers: Record<string, unknown>,
  c: Computed,
): string[] {
  return share.lines
    .filter((l) => c.flagged.includes(l.key) && answers[`${l.key}.dev.${field}`] === undefined)
    .map((l) => `${l.key}.dev.${field}`)
}

/** What 上一步 clears for a shared question: the field of every lagging line. */
export function sharedPaths(share: SharedLines, field: string, c: Computed): string[] {
  return share.lines.filter((l) => c.flagged.includes(l.key)).map((l) => `${l.key}.dev.${field}`)
}

/**
 * What a shared question holds now: the lagging lines' common answer to `field`, or undefined while
 * one lacks it or they differ (分别填写, or one line changed by 修改 N).
 */
export function sharedValue(share: SharedLines, field: string, answers: Record<string, unknown>, c: Computed): unknown {
  const values = sharedPaths(share, field, c).map((p) => answers[p])
  if (values.length === 0 || values.some((v) => v === undefined)) return undefined
  return values.every((v) => JSON.stringify(v) === JSON.stringify(values[0])) ? values[0] : undefined
}

/** The shared block's open questions: those at least two lagging lines still lack. */
export function sharedOpen(block: Block, answers: Record<string, unknown>, c: Computed): Question[] {
  const share = block.share
  if (!share) return []
  return block.questions.filter((q) => sharedTargets(share, q.key, answers, c).length >= 2)
}

/**
 * "年度资金总额、财政拨款 执行进度低于序时进度（执行率 40%、38%，序时进度 50%），请说明（各项相同，
 * 如需分别说明请回复“分别填写”）" — naming the lines the block's answers will go to. '' for other blocks.
 */
export function sharedIntro(block: Block, answers: Record<string, unknown>, c: Computed): string {
  const share = block.share
  if (!share) return ''
  const open = sharedOpen(block, answers, c)
  // shown again (上一步) when all is answered: then it names every lagging line
  const lines = open.length
    ? share.lines.filter((l) =>
        open.some((q) => sharedTargets(share, q.key, answers, c).includes(`${l.key}.dev.${q.key}`)),
      )
    : share.lines.filter((l) => c.flagged.includes(l.key))
  const rates = lines.map((l) => c.lines[l.key]?.rate).filter((r): r is number => typeof r === 'number')
  const names = lines.map((l) => l.label.replace(/^其中：/, '')).join('、')
  return `${names} 执行进度低于序时进度（执行率 ${rates.join('%、')}%，序时进度 ${c.timeProgress}%），请说明（各项相同，如需分别说明请回复“分别填写”）`
}

const SEPARATE = /^请?(分别|分开|逐项|逐个|逐条|各自|单独)(填写|说明|填报|回答|填|写|答)?吧?$/

/** "分别填写" (分开说明, 逐项填写…) at the shared block: ask each line in its own block instead. */
export function isSeparateRequest(text: string): boolean {
  return SEPARATE.test(compact(text).replace(/[。.!！,，]+$/, ''))
}
