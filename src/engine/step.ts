import { periodLabel } from '../domain/time-progress.js'
import { parseCommand } from './commands.js'
import { conclude, nextPrompt, say } from './conclude.js'
import { fillFromReply } from './fill.js'
import { findNext, missingIn } from './navigate.js'
import { answerPending } from './pending.js'
import { answerReview } from './review.js'
import { runCommand } from './run-command.js'
import { computed, openTurn, type Turn } from './turn.js'
import { renderExplain } from './prompt.js'
import { settle } from './receipt.js'
import { readsAsQuestion } from '../forms/parse/non-answer.js'
import type { FormContext } from '../forms/context.js'
import type { FormTemplate } from '../forms/template.js'
import type { DialogInput, DialogState, StepResult } from './types.js'

const MOVE_ON = /^(继续|下一步|下一题)[。.!！]*$/

export function initialState(template: FormTemplate, ctx: FormContext): DialogState {
  return {
    v: 1,
    templateId: template.id,
    mode: ctx.mode ?? 'block',
    answers: {},
    cursor: 0,
    trail: [],
    fails: 0,
    confirmed: [],
    done: false,
  }
}

function start(t: Turn): void {
  const c = computed(t)
  t.state.cursor = findNext(t, c, 0)
  const tp = c.timeProgress
  const greeting = `您好，${t.ctx.unit.name}：现在填写《${t.template.title}》（${periodLabel(t.ctx.round.endMonth)}，序时进度 ${tp}%）。每组可在一条消息中一起回复，随时回复“帮助”查看说明。`
  say(t, [greeting, '', nextPrompt(t)])
}

function resume(t: Turn): void {
  const p = t.state.pending
  if (p?.type === 'ambiguous' || p?.type === 'confirm-change') return say(t, ['继续填写：', p.question])
  if (p?.type === 'cancel') return say(t, ['确定要取消填报吗？回复“是”确认取消，回复“否”继续填写。'])
  // answers may have been loaded since the cursor was set (a returned submission, a draft): re-aim it
  const c = computed(t)
  const cur = t.state.cursor
  if (t.state.review) return say(t, ['继续填写：', nextPrompt(t)])
  if (cur < 0 || cur >= t.x.blocks.length || missingIn(t.x.blocks[cur], t.state.answers, c).length === 0)
    t.state.cursor = findNext(t, c, Math.max(cur, 0))
  say(t, ['继续填写：', nextPrompt(t)])
}

/**
 * The dialog engine: one pure step. Given the template, the stored state (null before the first
 * message), the user's input and the context, returns the new state, the replies to send (one message;
 * none when the step completes, see StepResult) and the effects for the host (persist answers,
 * completed payload, cancelled).
 * Reads no clock and does no I/O; the state is plain JSON.
 */
export function step(
  template: FormTemplate,
  state: DialogState | null,
  input: DialogInput,
  ctx: FormContext,
): StepResult {
  const fresh = !state || (input.kind === 'start' && state.done)
  const t = openTurn(template, ctx, fresh ? initialState(template, ctx) : state)
  if (ctx.mode) t.state.mode = ctx.mode
  if (t.state.templateId !== template.id)
    throw new Error(`dialog state is for ${t.state.templateId}, not ${template.id}`)
  if (input.kind === 'stored' || input.kind === 'refused') settle(t, input)
  else if (t.state.done) {
    say(t, [
      t.state.outcome === 'completed'
        ? `《${template.title}》已提交。如需修改，请联系财政局退回后重新填写。`
        : '本次填报已取消。',
    ])
  } else if (fresh) start(t)
  else if (input.kind !== 'text') resume(t)
  else if (t.state.pending) answerPending(t, input.text)
  else {
    // "确认" before everything is answered reads as 提交 (what is left), never as a value
    const cmd =
      parseCommand(input.text) ??
      (/^确认(提交)?[。.!！]*$/.test(input.text.trim()) ? ({ kind: 'submit' } as const) : null)
    if (cmd) runCommand(t, cmd)
    else if (t.state.cursor < 0) say(t, [nextPrompt(t)])
    // "怎么填？" is never stored as an answer (to any kind): explain the items and ask again. A reply of
    // several items goes on to fill, where a question in a text item is refused by the text kind
    else if (!/[\n；;]/.test(input.text.trim()) && readsAsQuestion(input.text)) say(t, [renderExplain(t)])
    else if (t.state.review) answerReview(t, input.text)
    // "继续" with nothing shown to keep (after 上一步 it keeps the values): the items wait for values
    else if (MOVE_ON.test(input.text.trim())) say(t, ['请直接回复以下各项的内容。', nextPrompt(t)])
    else conclude(t, fillFromReply(t, input.text))
  }
  if (t.changed) t.effects.unshift({ type: 'answers-changed', answers: t.state.answers })
  return { state: t.state, replies: t.replies, effects: t.effects }
}
