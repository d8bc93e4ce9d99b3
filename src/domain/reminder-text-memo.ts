import type { FormCode } from './types.js'
import { entryText, ownGroupText, sharedLine, type TextInput } from './reminder-text.js'

/**
 * The reminder words of one sweep, each built once per (deadline words, missing forms) instead of once
 * per unit: a province round has 16,000 units but only a handful of distinct texts around their names.
 * A text is built once with a placeholder for the unit's name and cut there; a unit's text is then two
 * concatenations. The result is exactly ownGroupText / entryText / sharedLine's (test/domain/
 * reminder-text-memo.test.ts). Keep one instance per sweep: the words depend on `now`.
 */
const NAME = '\u0000'

type Titles = (forms: readonly FormCode[], style?: 'full' | 'short') => string[]

export class ReminderTextMemo {
  /** per TextInput (already one per kind and deadline), per missing forms: the text around the name */
  private readonly own = new Map<TextInput, Map<string, readonly [string, string] | null>>()
  private readonly short = new Map<string, string[]>()

  constructor(private readonly titles: Titles) {}

  /** The unit's own-group (or private) reminder: entryText when it owes only the platform entry. */
  ownText(t: TextInput, unitName: string, missing: readonly FormCode[], entry: boolean): string {
    let forT = this.own.get(t)
    if (!forT) this.own.set(t, (forT = new Map()))
    const key = entry ? '\u0001entry' : missing.join('\u0001')
    let cut = forT.get(key)
    if (cut === undefined) {
      const parts = this.build(t, NAME, missing, entry).split(NAME)
      // a round title holding the placeholder itself (never seen): no cut, build per unit
      cut = parts.length === 2 ? ([parts[0], parts[1]] as const) : null
      forT.set(key, cut)
    }
    return cut ? cut[0] + unitName + cut[1] : this.build(t, unitName, missing, entry)
  }

  /** A unit's line in a shared group's list: sharedLine with the forms' short titles (or 平台录入). */
  sharedLine(n: number, unitName: string, missing: readonly FormCode[], entry: boolean): string {
    const key = entry ? '\u0001entry' : missing.join('\u0001')
    let list = this.short.get(key)
    if (list === undefined) this.short.set(key, (list = entry ? ['平台录入'] : this.titles(missing, 'short')))
    return sharedLine(n, unitName, list)
  }

  private build(t: TextInput, unitName: string, missing: readonly FormCode[], entry: boolean): string {
    return entry ? entryText(t, unitName) : ownGroupText(t, unitName, this.titles(missing))
  }
}
