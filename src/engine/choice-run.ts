import { kindOf } from '../forms/kinds/index.js'
import { isSeparator, optionList } from '../forms/kinds/option-list.js'
import type { Question } from '../forms/question.js'

/** How many tokens of a line a multi-choice item takes, or the question to ask when that is unclear. */
export type ChoiceRun = { take: number } | { ask: string } | null

/** The answer to a split the engine cannot make: what it saw, and how to write it unambiguously. */
export function splitQuestion(seen: string, q: Question, readings: string[]): string {
  return `没能分清“${seen}”：${q.label}是 ${readings.join('，还是 ')}？请把${q.label}单独写一行（如“1、3”）再回复，这一行及以后的内容未记录。`
}

/**
 * Where the choices of a multi-choice item end inside a line of a block reply: "1 3 资金到位较晚" gives
 * the item "1 3" and the next (text) item the rest, not "1" and "3 资金到位较晚". `toks` are the line's
 * tokens from this item on, `followers` the open items after it. A line of choices only, in a reply of
 * several lines, is the item's own line. Otherwise the kinds of the followers decide: a choice number
 * may end the run only where every number after it is a valid answer to the next item (not text); if
 * that leaves more than one way, the clerk is asked instead of guessing. null: no choices here at all
 * (the item takes one token as before, and its parser says what is wrong with it).
 */
export function choiceRun(toks: string[], q: Question, followers: Question[], ownLine: boolean): ChoiceRun {
  const options = q.options ?? []
  const ends: number[] = []
  for (let i = 0; i < toks.length; i++) {
    if (optionList(toks[i], options)) ends.push(i + 1)
    else if (!isSeparator(toks[i]) || i === 0) break
  }
  if (ends.length === 0) return null
  const longest = ends[ends.length - 1]
  if (ownLine && longest === toks.length) return { take: longest }
  const fits = (end: number): boolean => {
    if (end === longest) return true
    const rest = toks.slice(end, longest)
    return (
      rest.length <= followers.length &&
      rest.every((tok, i) => {
        const f = followers[i]
        return !isSeparator(tok) && f.kind !== 'text' && kindOf(f.kind).parse(tok, f).ok === true
      })
    )
  }
  const splits = ends.filter(fits)
  if (splits.length === 1) return { take: longest }
  const readings = splits.reverse().map((e) => (optionList(toks.slice(0, e).join(' '), options) ?? []).join('、'))
  return { ask: splitQuestion(toks.slice(0, longest).join(' '), q, readings) }
}
