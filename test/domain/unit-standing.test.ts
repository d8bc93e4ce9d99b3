import { describe, expect, it } from '@jest/globals'
import { unitStanding } from '../../src/domain/progress-counts.js'
import { STANDING_CASES, STANDING_DUE, standingRow } from '../support/standing-cases.js'

describe('unit standing: done = forms in (and entered in the platform when the round requires it), by the deadline', () => {
  it.each(STANDING_CASES)('$name → $expected', (c) => {
    const round = { dueAt: STANDING_DUE, requirePlatformEntry: c.require }
    expect(unitStanding(round, standingRow(c, 'r', 'U'))).toBe(c.expected)
  })
})
