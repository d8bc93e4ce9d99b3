import { describe, expect, it } from '@jest/globals'
import { unitDeadline } from '../../src/domain/deadline.js'
import { roundLocked, unitLocked } from '../../src/domain/lock.js'
import { DEADLINE_CASES, DEADLINE_DUE } from '../support/deadline-cases.js'
import type { RoundStatus } from '../../src/domain/types.js'

const at = (s: string): Date => new Date(s)
const DUE = DEADLINE_DUE

describe('unit deadline: the round’s due instant, or the unit’s extension when later', () => {
  it.each(DEADLINE_CASES)('$name', ({ extensionUntil, expected }) => {
    expect(unitDeadline({ dueAt: DUE }, extensionUntil === undefined ? {} : { extensionUntil })).toEqual(expected)
  })
  it('a missing round unit has the round’s deadline', () => {
    expect(unitDeadline({ dueAt: DUE }, null)).toEqual(DUE)
  })
})

describe('lock: locked by status or once lockAt has come; a reopened unit may edit', () => {
  const LOCK = at('2027-07-31T15:59:59Z')
  const cases: [RoundStatus, Date | undefined, string, boolean | undefined, boolean, boolean][] = [
    // status, lockAt, now, reopened → round locked, unit locked
    ['open', undefined, '2027-08-30T00:00:00Z', undefined, false, false],
    ['open', LOCK, '2027-07-31T15:59:58Z', undefined, false, false],
    ['open', LOCK, '2027-07-31T15:59:59Z', undefined, true, true],
    ['open', LOCK, '2027-08-01T00:00:00Z', true, true, false],
    ['closed', LOCK, '2027-07-20T00:00:00Z', undefined, false, false],
    ['locked', undefined, '2027-07-01T00:00:00Z', undefined, true, true],
    ['locked', LOCK, '2027-07-01T00:00:00Z', true, true, false],
  ]
  it.each(cases)(
    '%s, lockAt %s, at %s, reopened %s → round %s, unit %s',
    (status, lockAt, now, reopened, round, unit) => {
      const r = { status, ...(lockAt ? { lockAt } : {}) }
      expect(roundLocked(r, at(now))).toBe(round)
      expect(unitLocked(r, reopened === undefined ? {} : { reopened }, at(now))).toBe(unit)
    },
  )
})
