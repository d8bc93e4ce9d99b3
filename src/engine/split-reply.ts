import { tidy } from '../forms/parse/normalize.js'
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
 * Assigns one chat reply to the open questions of a block, in order. Lines and "；" separate values;
 * within a line, blanks separate values too — except that a text question takes the rest of the line
 * ("15万 5万 已养护道路 60 公里"). Numbered lines ("3：15万", "3. 15万") go to that question. What is
 * left over is `overflow`: a clerk pasting a whole project continues into the project's next block.
 */
export function assignItems(raw: string, open: readonly Question[]): { queue: QueuedItem[]; overflow: string[] } {
  const slots: (string | undefined)[] = open.map(() => undefined)
  const overflow: string[] = []
  const lines = raw.split(/\r?\n|[；;]/).map(tidy).filter(Boolean)
  let next = 0
  const free = (): number => {
    while (next < slots.length && slots[next] !== undefined) next++
    return next
  }
  for (const line of lines) {
    if (overflow.length) {
      overflow.push(line)
      continue
    }
    const n = numbered(line)
    if (n && n[0] >= 1 && n[0] <= open.length && slots[n[0] - 1] === undefined) {
      slots[n[0] - 1] = n[1]
      continue
    }
    const body = n ? n[1] : line
    if (free() >= slots.length) {
      overflow.push(body)
      continue
    }
    if (open.length === 1 || open[next].kind === 'text') {
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
      slots[next] = toks[i]
    }
  }
  const queue = open.flatMap((q, i) => (slots[i] === undefined ? [] : [{ path: q.path, text: slots[i] as string }]))
  return { queue, overflow }
}
