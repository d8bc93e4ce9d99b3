import { describe, expect, it } from '@jest/globals'
import { runEngineBench } from '../../bench/engine.js'

describe('few messages (issue 3, point 5)', () => {
  it('block mode needs well under half the bot messages of one question at a time', async () => {
    const r = await runEngineBench({ durationMs: 50 })
    expect(r.messagesPerProjectBlock).toBeLessThan(r.messagesPerProjectSingle / 2)
    expect(r.messagesPerProjectSingle).toBeGreaterThanOrEqual(r.questionsPerProjectBlock)
    expect(r.stepsPerSecond).toBeGreaterThan(0)
  })
})
