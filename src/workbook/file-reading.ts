import { holds } from '../forms/condition.js'
import type { Computed } from '../forms/compute.js'
import type { Expansion } from '../forms/expand.js'
import { formatMoney } from '../forms/parse/money.js'
import type { Fen, FormCode } from '../domain/types.js'

/** A cell that could not be read: `{ where: '项目2 第5行 1-9月执行数', message: '请输入金额…' }`. */
export interface CellError {
  sheet: string
  /** "E5" (the row as it is in the clerk's file) */
  cell: string
  where: string
  /** the answer it was for, when there is one */
  path?: string
  message: string
}

export interface LineReading {
  key: string
  label: string
  executed: Fen | null
  /** "15.3万元" */
  executedText: string
  /** percent points, 2 decimals: 43.71 */
  rate: number | null
  lagging: boolean
  overBudget: boolean
}

/** What was read for one project (or the unit): its fund lines and which indicators deviate. */
export interface ScopeReading {
  code: string
  name: string
  lines: LineReading[]
  deviating: string[]
  /** "年度资金总额执行进度低于序时进度" … */
  flags: string[]
}

/** A question that applies and has no valid answer: a required cell left blank or wrong, a flagged line's explanation. */
export interface MissingAnswer {
  path: string
  label: string
  /** the block it belongs to: "项目1 乡村道路养护" */
  scope?: string
  flagged: boolean
}

/**
 * A filled template as read: valid `answers` only (the draft to keep; a chat dialog continues from
 * them), every refused cell in `errors`, per project what was read, and what is still `missing`.
 */
export interface FileReading {
  unitCode: string
  roundId: string
  form: FormCode
  templateId: string
  answers: Record<string, unknown>
  errors: CellError[]
  timeProgress: number
  read: ScopeReading[]
  missing: MissingAnswer[]
}

/** Per scope (project, or the unit for a table not repeated over projects): lines and flags. */
export function summarise(x: Expansion, computed: Computed, unitName: string): ScopeReading[] {
  const scopes = new Map<string, ScopeReading>()
  const scopeOf = (key: string): ScopeReading => {
    const code = /^projects\.([^.]+)\./.exec(key)?.[1]
    const id = code ?? ''
    let s = scopes.get(id)
    if (!s) {
      const name = code ? (x.blocks.find((b) => b.scope?.code === code)?.scope?.name ?? code) : unitName
      s = { code: id, name, lines: [], deviating: [], flags: [] }
      scopes.set(id, s)
    }
    return s
  }
  for (const l of x.lines) {
    const v = computed.lines[l.key]
    if (!v) continue
    const s = scopeOf(l.key)
    const label = l.label.replace(/^其中：/, '')
    s.lines.push({
      key: l.key,
      label,
      executed: v.executed,
      executedText: v.executed === null ? '' : formatMoney(v.executed),
      rate: v.rate === null ? null : Math.round(v.rate * 100) / 100,
      lagging: v.lagging,
      overBudget: v.overBudget,
    })
    if (v.lagging) s.flags.push(`${label}执行进度低于序时进度`)
    if (v.overBudget) s.flags.push(`${label}执行数超过预算`)
  }
  for (const r of x.indicators) {
    const v = computed.indicators[r.key]
    if (!v?.deviating) continue
    const s = scopeOf(r.key)
    s.deviating.push(r.label)
    s.flags.push(`指标“${r.label}”存在偏差`)
  }
  return [...scopes.values()]
}

/**
 * The questions that apply to these answers (flags decide the conditional ones) and have none — a cell
 * with an error included: kept as it is (?keep=valid), the draft has no answer there either.
 */
export function missingAnswers(x: Expansion, computed: Computed, answers: Record<string, unknown>): MissingAnswer[] {
  const out: MissingAnswer[] = []
  for (const b of x.blocks) {
    if (b.share) continue
    for (const q of b.questions) {
      const when = q.when ?? b.when
      if (!q.required || !holds(when, computed)) continue
      const v = answers[q.path]
      if (v !== undefined && v !== '') continue
      out.push({
        path: q.path,
        label: q.label,
        ...(b.scope ? { scope: `项目${b.scope.index} ${b.scope.name}` } : {}),
        flagged: Boolean(when),
      })
    }
  }
  return out
}
