import { holds } from './condition.js'
import type { Computed } from './compute.js'
import type { Block, Expansion } from './expand.js'
import type { Question } from './question.js'

/** A conditional block or question applies only while its condition holds on the computed values. */
export function isActive(item: Block | Question, computed: Computed): boolean {
  return holds(item.when, computed)
}

/** The questions that apply now, in order — what a complete submission must answer. */
export function activeQuestions(x: Expansion, computed: Computed): Question[] {
  return x.questions.filter((q) => isActive(q, computed))
}
