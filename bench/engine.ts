/**
 * Engine benchmark (no I/O): full project-table conversations driven by an automatic clerk who
 * answers whatever the bot asks. Prints dialog steps per second, and bot messages per completed
 * project in block mode versus one-question-at-a-time mode.
 *
 *   npx tsx bench/engine.ts
 */
import { pathToFileURL } from 'node:url'
import { step, type DialogState } from '../src/engine/index.js'
import { getTemplate } from '../src/forms/index.js'
import { benchContext, converse, demoMessagesPerProject, reply } from '../fixtures/engine-clerk.js'
import type { FormContext } from '../src/forms/context.js'
import { measured } from './profiler.js'

/** `durationMs` is how long steps are timed (default 2 s; tests use less). */
export async function runEngineBench(opts: { durationMs?: number } = {}): Promise<{
  stepsPerSecond: number
  messagesPerProjectBlock: number
  questionsPerProjectBlock: number
  messagesPerProjectSingle: number
  stepsPerCpuSecond: number
  hostStepsPerSecond: number
}> {
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
  await measured(async () => {
    while (performance.now() - started < duration) steps += play()
  })
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  // as a host runs it: the state through JSON (stored and loaded) and a freshly built context per step
  let hostSteps = 0
  const hostStarted = performance.now()
  while (performance.now() - hostStarted < duration / 2) {
    for (const { ctx, texts } of scripts) {
      let json = JSON.stringify(step(template, null, { kind: 'start' }, ctx).state)
      for (const text of texts)
        json = JSON.stringify(
          step(
            template,
            JSON.parse(json) as DialogState,
            { kind: 'text', text },
            JSON.parse(JSON.stringify(ctx)) as FormContext,
          ).state,
        )
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
  console.log(
    `engine: ${r.stepsPerSecond} steps/s wall clock, ${r.stepsPerCpuSecond} steps per CPU second (target ≥ 10000)`,
  )
  console.log(`host-like (state through JSON, fresh context each step): ${r.hostStepsPerSecond} steps/s`)
  const demo = demoMessagesPerProject()
  console.log(
    `demo table (2 projects): ${demo.block} bot messages per project in block mode, ${demo.single} one question at a time`,
  )
  console.log(
    `bot messages per completed project (10 projects, 3 lagging): block mode ${r.messagesPerProjectBlock}, single mode ${r.messagesPerProjectSingle} (${r.questionsPerProjectBlock} answers per project)`,
  )
}
