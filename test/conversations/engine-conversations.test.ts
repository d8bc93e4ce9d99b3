import { describe, expect, it } from '@jest/globals'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { step, type DialogInput, type DialogState } from '../../src/engine/index.js'
import { getTemplate } from '../../src/forms/index.js'
import type { FormCode } from '../../src/domain/types.js'
import { CONTEXTS } from './contexts.js'
import {
  UPDATE,
  answerDiff,
  asMessages,
  compactTurn,
  listFixtures,
  readFixture,
  writeFixture,
  type TurnRecord,
} from './fixture-file.js'

/**
 * The pure engine, conversation by conversation (test/conversations/engine/*.json): the state goes
 * through JSON between turns as the host stores it; every turn's messages, stored answers and effects
 * are compared whole. `npm run fixtures` rewrites the files from what the engine says now.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'engine')

function input(say: string): DialogInput {
  if (say === '<start>') return { kind: 'start' }
  if (say === '<resume>') return { kind: 'resume' }
  return { kind: 'text', text: say }
}

describe('engine conversations', () => {
  for (const name of listFixtures(dir)) {
    it(name.replace(/\.json$/, ''), () => {
      const f = readFixture<TurnRecord>(dir, name)
      const template = getTemplate(String(f.form ?? 'project') as FormCode)
      const makeCtx = CONTEXTS[String(f.context ?? 'demo')]
      expect(makeCtx).toBeDefined()
      const ctx = makeCtx()
      let state: DialogState | null = null
      const actual: TurnRecord[] = []
      for (const turn of f.turns) {
        let r = step(template, state, input(turn.say), ctx)
        const effects = r.effects.filter((e) => e.type !== 'answers-changed').map((e) => e.type)
        const replies = [...r.replies]
        const diff = answerDiff(state?.answers ?? {}, r.state.answers)
        // as the host does: the submission is stored (version 1, on time), then the engine says the receipt
        if (effects.includes('completed')) {
          r = step(
            template,
            JSON.parse(JSON.stringify(r.state)) as DialogState,
            { kind: 'stored', version: 1, onTime: true },
            ctx,
          )
          replies.push(...r.replies)
        }
        actual.push(compactTurn({ say: turn.say, bot: asMessages(replies), ...diff, effects }))
        state = JSON.parse(JSON.stringify(r.state)) as DialogState
      }
      if (UPDATE) {
        f.turns = actual
        writeFixture(dir, name, f)
      }
      // turn by turn, so that a failure names the first turn that differs
      actual.forEach((turn, i) => expect({ turn: i + 1, ...turn }).toEqual({ turn: i + 1, ...f.turns[i] }))
      expect(actual.length).toBe(f.turns.length)
    })
  }
})
