import { describe, expect, it } from '@jest/globals'
import { benchContext, converse } from '../../fixtures/engine-clerk.js'

describe('few messages (issue 3, point 5)', () => {
  it('block mode needs well under half the bot messages of one question at a time', async () => {
    // 10 projects modelled on the demo's, 3 of them lagging; per completed project
    const n = 10
    const b = converse(benchContext('block', n))
    const s = converse(benchContext('single', n))
    const r = {
      messagesPerProjectBlock: b.messages / n,
      questionsPerProjectBlock: b.questions / n,
      messagesPerProjectSingle: s.messages / n,
      steps: b.steps,
    }
    expect(r.messagesPerProjectBlock).toBeLessThan(r.messagesPerProjectSingle / 2)
    // one message per question asked; but where all three fund lines lag (3 of the bench's 10 projects)
    // one shared deviation answer fills each line's field (issue 14): 4 questions for 12 stored answers
    expect(r.messagesPerProjectSingle).toBeGreaterThanOrEqual(r.questionsPerProjectBlock - (3 * 8) / 10)
    expect(r.steps).toBeGreaterThan(0)
  })
})
