/**
 * Engine benchmark (no I/O): full project-table conversations driven by an automatic clerk who
 * answers whatever the bot asks. Prints dialog steps per second, and bot messages per completed
 * project in block mode versus one-question-at-a-time mode.
 *
 *   npx tsx bench/engine.ts
 */
import { pathToFileURL } from 'node:url'
import { step, type DialogState } from '../src/engine/index.js'
import { missingIn } from '../src/engine/navigate.js'
import { computeValues, expandForm, getTemplate } from '../src/forms/index.js'
import { formatMoney } from '../src/forms/parse/money.js'
import { demoContext } from '../test/engine/fixtures/demo-context.js'
import type { Indicator, Project } from '../src/domain/types.js'
import type { FormContext } from '../src/forms/context.js'
import type { Question } from '../src/forms/question.js'

const W = 1_000_000

/** `count` projects modelled on the demo's two; P3, P6, P9 lag, so deviation blocks are asked too. */
export function benchContext(mode: 'block' | 'single', count: number): FormContext {
  const base = demoContext()
  const projects: Project[] = Array.from({ length: count }, (_, i) => {
    const p = base.projects[i % 2]
    return { ...p, code: `P${i + 1}`, name: `${p.name}${i + 1}` }
  })
  return { ...base, projects, mode }
}

function indicatorOf(ctx: FormContext, path: string): Indicator | undefined {
  const [, code, , ind] = path.split('.')
  return ctx.projects.find((p) => p.code === code)?.indicators.find((i) => i.code === ind)
}

/** What the automatic clerk answers to one question. */
function answer(ctx: FormContext, q: Question): string {
  const lagging = /^projects\.P(3|6|9)\./.test(q.path)
  if (q.kind === 'money') {
    const budget = q.budgetFen ?? 10 * W
    return formatMoney(q.path.endsWith('.executed') ? Math.round((budget * (lagging ? 0.4 : 0.6)) / 100) * 100 : budget)
  }
  if (q.path.includes('.dev.')) return { reasons: '1、3', explanation: '上级资金下达较晚', measures: '加快项目实施和拨付', likelihood: '2' }[q.key] ?? '有可能'
  if (q.path.includes('.indicators.')) {
    const ind = indicatorOf(ctx, q.path)
    if (!ind) return '1'
    if (ind.basis === 'milestone') return q.key === 'actual' ? '未完成' : String(ind.target)
    if (ind.basis === 'qualitative') return q.key === 'actual' ? '按计划推进' : '是'
    const t = Number(ind.target)
    if (ind.basis === 'cumulative') return String(q.key === 'actual' ? t * (lagging ? 0.3 : 0.6) : t)
    return String(ind.basis === 'cap' ? t * 0.8 : t)
  }
  return '按计划推进，进展顺利'
}

/** The reply to the bot's current message: a whole block (block mode) or one value. */
export function reply(ctx: FormContext, state: DialogState): string {
  if (state.pending?.type === 'submit') return '确认'
  if (state.pending) return state.pending.type === 'ambiguous' ? '2' : '是'
  const template = getTemplate(state.templateId)
  const x = expandForm(template, ctx)
  const c = computeValues(template, ctx, state.answers)
  // what the engine asks (a shared deviation block's questions are never stored, see shared-deviation.ts)
  const open = missingIn(x.blocks[state.cursor], state.answers, c)
  const shown = state.mode === 'single' ? open.slice(0, 1) : open
  return shown.map((q) => answer(ctx, q)).join('\n')
}

/** One conversation from greeting to 提交; returns steps, bot messages and answered questions. */
function converse(ctx: FormContext): { steps: number; messages: number; questions: number } {
  const template = getTemplate('project@1')
  let r = step(template, null, { kind: 'start' }, ctx)
  let steps = 1
  let messages = r.replies.length
  while (!r.state.done) {
    if (steps > 10_000) throw new Error('conversation does not end')
    r = step(template, r.state, { kind: 'text', text: reply(ctx, r.state) }, ctx)
    steps++
    messages += r.replies.length
  }
  const done = r.effects.find((e) => e.type === 'completed')
  if (!done || done.type !== 'completed') throw new Error('not completed')
  return { steps, messages, questions: Object.keys(done.payload.answers).length }
}

/** Bot messages per completed project for the demo unit's own table (2 projects, none lagging). */
export function demoMessagesPerProject(): { block: number; single: number } {
  const per = (mode: 'block' | 'single'): number => {
    const ctx = { ...demoContext(), mode }
    return Math.round((converse(ctx).messages / ctx.projects.length) * 10) / 10
  }
  return { block: per('block'), single: per('single') }
}

/** `durationMs` is how long steps are timed (default 2 s; tests use less). */
export async function runEngineBench(opts: { durationMs?: number } = {}): Promise<{ stepsPerSecond: number; messagesPerProjectBlock: number; questionsPerProjectBlock: number; messagesPerProjectSingle: number; stepsPerCpuSecond: number; hostStepsPerSecond: number }> {
  const block = benchContext('block', 10)
  const single = benchContext('single', 10)
  const n = block.projects.length
  const b = converse(block)
  const s = converse(single)
  // the answers' reply strings are built outside the timed loop: time the engine, not the clerk
  const template = getTemplate('project@1')
  // steps/s on the demo-sized table (3 projects, one lagging), both modes
  const scripts = [benchContext('block', 3), benchContext('single', 3)].map((ctx) => {
    const texts: string[] = []
    let r = step(template, null, { kind: 'start' }, ctx)
    while (!r.state.done) {
      const text = reply(ctx, r.state)
      texts.push(text)
      r = step(template, r.state, { kind: 'text', text }, ctx)
    }
    return { ctx, texts }
  })
  const play = (): number => {
    let n = 0
    for (const { ctx, texts } of scripts) {
      let state = step(template, null, { kind: 'start' }, ctx).state
      for (const text of texts) state = step(template, state, { kind: 'text', text }, ctx).state
      n += texts.length + 1
    }
    return n
  }
  const duration = opts.durationMs ?? 2000
  for (let i = 0; i < Math.min(20, duration / 10); i++) play() // warm up the JIT
  let steps = 0
  const started = performance.now()
  const cpu0 = process.cpuUsage()
  while (performance.now() - started < duration) steps += play()
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  // as a host runs it: the state through JSON (stored and loaded) and a freshly built context per step
  let hostSteps = 0
  const hostStarted = performance.now()
  while (performance.now() - hostStarted < duration / 2) {
    for (const { ctx, texts } of scripts) {
      let json = JSON.stringify(step(template, null, { kind: 'start' }, ctx).state)
      for (const text of texts) json = JSON.stringify(step(template, JSON.parse(json) as DialogState, { kind: 'text', text }, JSON.parse(JSON.stringify(ctx)) as FormContext).state)
      hostSteps += texts.length + 1
    }
  }
  const hostSeconds = (performance.now() - hostStarted) / 1000
  await Promise.resolve()
  return {
    stepsPerSecond: Math.round(steps / seconds),
    // wall-clock rate suffers when other processes share the CPU; this one does not
    stepsPerCpuSecond: Math.round(steps / cpuSeconds),
    hostStepsPerSecond: Math.round(hostSteps / hostSeconds),
    messagesPerProjectBlock: Math.round((b.messages / n) * 10) / 10,
    questionsPerProjectBlock: Math.round((b.questions / n) * 10) / 10,
    messagesPerProjectSingle: Math.round((s.messages / n) * 10) / 10,
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runEngineBench()
  console.log(`engine: ${r.stepsPerSecond} steps/s wall clock, ${r.stepsPerCpuSecond} steps per CPU second (target ≥ 10000)`)
  console.log(`host-like (state through JSON, fresh context each step): ${r.hostStepsPerSecond} steps/s`)
  const demo = demoMessagesPerProject()
  console.log(`demo table (2 projects): ${demo.block} bot messages per project in block mode, ${demo.single} one question at a time`)
  console.log(`bot messages per completed project (10 projects, 3 lagging): block mode ${r.messagesPerProjectBlock}, single mode ${r.messagesPerProjectSingle} (${r.questionsPerProjectBlock} answers per project)`)
}
