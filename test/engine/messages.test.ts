import { describe, expect, it } from '@jest/globals'
import { runEngineBench } from '../../bench/engine.js'

describe('few messages (issue 3, point 5)', () => {
  it('block mode needs well under half the bot messages of one question at a time', async () => {
    const r = await runEngineBench({ durationMs: 50 })
    expect(r.messagesPerProjectBlock).toBeLessThan(r.messagesPerProjectSingle / 2)
    // one message per question asked; but where all three fund lines lag (3 of the bench's 10 projects)
    // one shared deviation answer fills each line's field (issue 14): 4 questions for 12 stored answers
    expect(r.messagesPerProjectSingle).toBeGreaterThanOrEqual(r.questionsPerProjectBlock - (3 * 8) / 10)
    expect(r.stepsPerSecond).toBeGreaterThan(0)
  })
})
