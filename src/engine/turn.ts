import { computeValues, type Computed } from '../forms/compute.js'
import { expandForm, type Expansion } from '../forms/expand.js'
import type { FormContext } from '../forms/context.js'
import { sharedPaths, sharedTargets, sharedValue } from '../forms/shared-deviation.js'
import type { FormTemplate } from '../forms/template.js'
import type { DialogState, Effect } from './types.js'

/** The working set of one step: a private copy of the state, and the replies and effects so far. */
export interface Turn {
  template: FormTemplate
  ctx: FormContext
  x: Expansion
  state: DialogState
  replies: string[]
  effects: Effect[]
  changed: boolean
  /** computed values of the current answers, dropped whenever an answer changes */
  memo?: Computed
  /** whether state.answers is already this turn's own copy (copied on the first write) */
  ownAnswers: boolean
}

export function openTurn(template: FormTemplate, ctx: FormContext, state: DialogState): Turn {
  // the caller's state is never mutated: the answers are copied on the first write, and the arrays
  // are always replaced rather than edited in place
  const copy: DialogState = { ...state }
  return {
    template,
    ctx,
    x: expandForm(template, ctx),
    state: copy,
    replies: [],
    effects: [],
    changed: false,
    ownAnswers: false,
  }
}

function own(t: Turn): void {
  if (t.ownAnswers) return
  t.state.answers = { ...t.state.answers }
  t.ownAnswers = true
}

export function computed(t: Turn): Computed {
  t.memo ??= computeValues(t.template, t.ctx, t.state.answers)
  return t.memo
}

function write(t: Turn, path: string, value: unknown): void {
  // a changed figure (上一步/修改 overwrite) needs its own confirmation against last round
  if (t.state.answers[path] !== value && t.state.confirmed.includes(path))
    t.state.confirmed = t.state.confirmed.filter((p) => p !== path)
  own(t)
  t.state.answers[path] = value
  if (t.x.inputs.has(path)) t.memo = undefined
}

/** An item's current answer; for a shared deviation question, the lagging lines' common one (sharedValue). */
export function valueOf(t: Turn, path: string): unknown {
  const shared = t.x.shared.get(path)
  return shared ? sharedValue(shared.share, shared.field, t.state.answers, computed(t)) : t.state.answers[path]
}

export function setAnswer(t: Turn, path: string, value: unknown): void {
  // a shared deviation question is never stored: its answer goes to each lagging line without one (to
  // every lagging line when all have one: a revisited shared block overwritten), and only its own path
  // goes on the trail
  const shared = t.x.shared.get(path)
  if (!shared) write(t, path, value)
  else {
    const c = computed(t)
    const lacking = sharedTargets(shared.share, shared.field, t.state.answers, c)
    for (const p of lacking.length ? lacking : sharedPaths(shared.share, shared.field, c)) write(t, p, value)
  }
  t.state.trail = t.state.trail.filter((p) => p !== path)
  t.state.trail.push(path)
  t.changed = true
}

export function clearAnswer(t: Turn, path: string): void {
  const shared = t.x.shared.get(path)
  if (shared) {
    for (const p of sharedPaths(shared.share, shared.field, computed(t))) clearAnswer(t, p)
    t.state.trail = t.state.trail.filter((p) => p !== path)
    return
  }
  if (!(path in t.state.answers)) return
  own(t)
  delete t.state.answers[path]
  if (t.x.inputs.has(path)) t.memo = undefined
  t.state.trail = t.state.trail.filter((p) => p !== path)
  t.state.confirmed = t.state.confirmed.filter((p) => p !== path)
  t.changed = true
}
