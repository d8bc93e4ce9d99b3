import { computeValues, type Computed } from '../forms/compute.js'
import { expandForm, type Expansion } from '../forms/expand.js'
import type { FormContext } from '../forms/context.js'
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
}

export function openTurn(template: FormTemplate, ctx: FormContext, state: DialogState): Turn {
  const copy: DialogState = JSON.parse(JSON.stringify(state)) as DialogState
  return { template, ctx, x: expandForm(template, ctx), state: copy, replies: [], effects: [], changed: false }
}

export function computed(t: Turn): Computed {
  return computeValues(t.template, t.ctx, t.state.answers)
}

export function setAnswer(t: Turn, path: string, value: unknown): void {
  t.state.answers[path] = value
  t.state.trail = t.state.trail.filter((p) => p !== path)
  t.state.trail.push(path)
  t.changed = true
}

export function clearAnswer(t: Turn, path: string): void {
  if (!(path in t.state.answers)) return
  delete t.state.answers[path]
  t.state.trail = t.state.trail.filter((p) => p !== path)
  t.state.confirmed = t.state.confirmed.filter((p) => p !== path)
  t.changed = true
}
