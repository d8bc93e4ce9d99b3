import type { UnitStanding } from '../../src/domain/progress-counts.js'

const at = (s: string): Date => new Date(s)

/** 07-10 23:59:59 in the county */
export const STANDING_DUE = at('2027-07-10T15:59:59Z')
const BEFORE = at('2027-07-09T02:00:00Z')
const AFTER = at('2027-07-12T02:00:00Z')

export interface StandingCase {
  name: string
  require: boolean
  submitted: string[]
  complete: boolean
  completedAt?: Date
  extensionUntil?: Date
  entryAt?: Date
  expected: UnitStanding
}

/**
 * The completion rule as a table, shared by the function's test (test/domain/unit-standing.test.ts) and
 * the aggregation's (test/foundation/unit-standing-aggregation.test.ts), so both are held to the same cases.
 */
export const STANDING_CASES: StandingCase[] = [
  { name: 'not required: nothing in', require: false, submitted: [], complete: false, expected: 'missing' },
  { name: 'not required: one form in', require: false, submitted: ['project'], complete: false, expected: 'partial' },
  {
    name: 'not required: in before the deadline',
    require: false,
    submitted: ['project'],
    complete: true,
    completedAt: BEFORE,
    expected: 'on_time',
  },
  {
    name: 'not required: in after it',
    require: false,
    submitted: ['project'],
    complete: true,
    completedAt: AFTER,
    expected: 'late',
  },
  {
    name: 'not required: in at the deadline',
    require: false,
    submitted: ['project'],
    complete: true,
    completedAt: STANDING_DUE,
    expected: 'on_time',
  },
  {
    name: 'not required: entered changes nothing',
    require: false,
    submitted: ['project'],
    complete: true,
    completedAt: BEFORE,
    entryAt: AFTER,
    expected: 'on_time',
  },
  { name: 'required: nothing in', require: true, submitted: [], complete: false, expected: 'missing' },
  {
    name: 'required: one form in, entered',
    require: true,
    submitted: ['project'],
    complete: false,
    entryAt: BEFORE,
    expected: 'partial',
  },
  {
    name: 'required: in, not entered',
    require: true,
    submitted: ['project'],
    complete: true,
    completedAt: BEFORE,
    expected: 'awaiting_entry',
  },
  {
    name: 'required: in and entered before the deadline',
    require: true,
    submitted: ['project'],
    complete: true,
    completedAt: BEFORE,
    entryAt: BEFORE,
    expected: 'on_time',
  },
  {
    name: 'required: in on time, entered late',
    require: true,
    submitted: ['project'],
    complete: true,
    completedAt: BEFORE,
    entryAt: AFTER,
    expected: 'late',
  },
  {
    name: 'required: entered late within an extension',
    require: true,
    submitted: ['project'],
    complete: true,
    completedAt: BEFORE,
    entryAt: AFTER,
    extensionUntil: at('2027-07-15T15:59:59Z'),
    expected: 'on_time',
  },
  {
    name: 'required: marked entered before the forms came in late',
    require: true,
    submitted: ['project'],
    complete: true,
    completedAt: AFTER,
    entryAt: BEFORE,
    expected: 'late',
  },
]

/** A case as a round unit document (and as the function's input). */
export function standingRow(c: StandingCase, roundId: string, unitCode: string) {
  return {
    roundId,
    unitCode,
    forms: ['project'],
    submitted: c.submitted,
    complete: c.complete,
    ...(c.completedAt ? { completedAt: c.completedAt } : {}),
    ...(c.extensionUntil ? { extensionUntil: c.extensionUntil } : {}),
    ...(c.entryAt ? { platformEntry: { at: c.entryAt, by: 'test', source: 'bureau' as const } } : {}),
  }
}
