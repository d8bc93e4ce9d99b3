import { optionList } from '../forms/kinds/option-list.js'
import { tidy } from '../forms/parse/normalize.js'
import { choiceRun, splitQuestion } from './choice-run.js'
import type { Question } from '../forms/question.js'
import type { QueuedItem } from './types.js'

const UNIT_TOKEN = /^(元|万元|万|亿元|亿|%|％|户|人|人次|次|个|公里|千米|天|亩|家|所|项|座|台|辆|件|分)$/
const NUMBERED = [/^[(（]?(\d{1,2})[)）:：]\s*(.+)$/, /^(\d{1,2})[.、]\s+(.+)$/]

function numbered(item: string): [number, string] | null {
  for (const re of NUMBERED) {
    const m = re.exec(item)
    if (m) return [Number(m[1]), m[2].trim()]
  }
  return null
}

/** Blank-separated values, a lone unit staying with its number: "15 万 5万" → ["15万", "5万"]. */
function tokens(line: string): string[] {
  const out: string[] = []
  for (const tok of line.split(' ').filter(Boolean)) {
    if (out.length && UNIT_TOKEN.test(tok)) out[out.length - 1] += tok
    else out.push(tok)
  }
  return out
}

/**
 * Assigns one chat reply to the items of a block, in order. `items` are all the block's items, numbered
 * 1..n as the prompt shows them for as long as the block is open; `closed[i]` marks an item already
 * answered, which unnumbered values pass over. Lines and "；" separate values; within a line, blanks
 * separate values too — except that a text question takes the rest of the line ("15万 5万 已养护道路 60
 * 公里"). Numbered lines ("3：15万", "3. 15万") go to item 3, answered or not. What is left over is
 * `overflow`: a clerk pasting a whole project continues into the project's next block.
 * A multi-choice item takes all its choices ("1 3", "1 和 3", "经费保障 人员保障"; see choiceRun); where
 * that split is unclear, `asks` holds the question and the rest of the reply is not used, so that
 * nothing lands one item too far.
 */
export function assignItems(
  raw: string,
  open: readonly Question[],
  closed: readonly boolean[] = [],
): { queue: QueuedItem[]; overflow: string[]; asks: string[] } {
  const slots: (string | undefined)[] = open.map(() => undefined)
  const single = open.filter((_, i) => !closed[i]).length === 1
  const overflow: string[] = []
  const asks: string[] = []
  const lines = raw
    .split(/\r?\n|[；;]/)
    .map(tidy)
    .filter(Boolean)
  let next = 0
  const free = (): number => {
    while (next < slots.length && (slots[next] !== undefined || closed[next])) next++
    return next
  }
  for (const line of lines) {
    if (asks.length) break
    if (overflow.length) {
      overflow.push(line)
      continue
    }
    const n = numbered(line)
    const own = n ? ownChoices(line, n, open, free()) : undefined
    if (own && 'ask' in own) {
      asks.push(own.ask)
      break
    }
    if (own) {
      slots[next] = line
      continue
    }
    if (n && n[0] >= 1 && n[0] <= open.length && slots[n[0] - 1] === undefined) {
      slots[n[0] - 1] = n[1]
      continue
    }
    const body = n ? n[1] : line
    if (free() >= slots.length) {
      overflow.push(body)
      continue
    }
    if (single || open[next].kind === 'text') {
      slots[next] = body
      continue
    }
    const toks = tokens(body)
    for (let i = 0; i < toks.length; i++) {
      if (free() >= slots.length) {
        overflow.push(toks.slice(i).join(' '))
        break
      }
      if (open[next].kind === 'text') {
        slots[next] = toks.slice(i).join(' ')
        break
      }
      const run =
        open[next].kind === 'multi-choice'
          ? choiceRun(toks.slice(i), open[next], followers(open, slots, closed, next), i === 0 && lines.length > 1)
          : null
      if (run && 'ask' in run) {
        asks.push(run.ask)
        break
      }
      const take = run ? run.take : 1
      slots[next] = toks.slice(i, i + take).join(' ')
      i += take - 1
    }
  }
  const queue = open.flatMap((q, i) => (slots[i] === undefined ? [] : [{ path: q.path, text: slots[i] as string }]))
  return { queue, overflow, asks }
}

/** The open items after `at` still without a value in this reply, in order. */
function followers(
  open: readonly Question[],
  slots: readonly (string | undefined)[],
  closed: readonly boolean[],
  at: number,
): Question[] {
  return open.filter((_, i) => i > at && slots[i] === undefined && !closed[i])
}

/**
 * "1、 3" as the first line for a multi-choice item 1 reads both as "item 1: 3" and as the choices 1
 * and 3: taken as the choices when both readings agree ("1、 1"), asked when they differ.
 * undefined: an ordinary numbered line (another item's number, or not choices only).
 */
function ownChoices(
  line: string,
  n: [number, string],
  open: readonly Question[],
  at: number,
): { take: true } | { ask: string } | undefined {
  const q = open[at]
  if (q?.kind !== 'multi-choice' || n[0] - 1 !== at) return undefined
  const whole = optionList(line, q.options ?? [])
  const rest = optionList(n[1], q.options ?? [])
  if (!whole || !rest) return undefined
  if (whole.join('、') === rest.join('、')) return { take: true }
  return { ask: splitQuestion(line, q, [whole.join('、'), rest.join('、')]) }
}
