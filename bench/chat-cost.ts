/**
 * bench/chat-cost — how many bot messages a clerk reads per completed project, in block mode (one
 * message asks a whole block, one reply answers it) against the number of questions answered in the
 * project: the demo unit's table (2 projects) and a long one (10 projects, 3 of them lagging, so the
 * deviation blocks are asked too). Everything the bot says counts: greeting, blocks, corrections,
 * the summary and the submit confirmation. Target: messages ÷ questions ≤ 0.5. No I/O.
 *
 *   npx tsx bench/chat-cost.ts
 */
import { pathToFileURL } from 'node:url'
import { step } from '../src/engine/index.js'
import { getTemplate } from '../src/forms/index.js'
import type { FormContext } from '../src/forms/context.js'
import { demoContext } from '../fixtures/demo-context.js'
import { benchContext, reply } from '../fixtures/engine-clerk.js'
import { round2 } from './support.js'

export interface ChatCost {
  projects: number
  messages: number
  questions: number
  messagesPerProject: number
  questionsPerProject: number
  /** messages ÷ questions */
  ratio: number
}

export interface ChatCostResult {
  demo: ChatCost
  long: ChatCost
  /** the demo table asked one question per message, for contrast */
  demoSingle: ChatCost
}

/** One conversation from 填报 to 提交 by the automatic clerk of bench/engine. */
export function conversationCost(ctx: FormContext): ChatCost {
  const template = getTemplate('project@1')
  let r = step(template, null, { kind: 'start' }, ctx)
  let messages = r.replies.length
  for (let steps = 0; !r.state.done; steps++) {
    if (steps > 10_000) throw new Error('conversation does not end')
    r = step(template, r.state, { kind: 'text', text: reply(ctx, r.state) }, ctx)
    messages += r.replies.length
  }
  const done = r.effects.find((e) => e.type === 'completed')
  if (!done || done.type !== 'completed') throw new Error('conversation did not complete')
  const questions = Object.keys(done.payload.answers).length
  const projects = ctx.projects.length
  return {
    projects,
    messages,
    questions,
    messagesPerProject: round2(messages / projects),
    questionsPerProject: round2(questions / projects),
    ratio: round2(messages / questions),
  }
}

export function runChatCostBench(): ChatCostResult {
  return {
    demo: conversationCost({ ...demoContext(), mode: 'block' }),
    long: conversationCost(benchContext('block', 10)),
    demoSingle: conversationCost({ ...demoContext(), mode: 'single' }),
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(runChatCostBench(), null, 2))
}
