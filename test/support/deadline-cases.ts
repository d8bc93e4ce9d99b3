const at = (s: string): Date => new Date(s)

/** 07-10 23:59:59 in the county */
export const DEADLINE_DUE = at('2027-07-10T15:59:59Z')
const DUE = DEADLINE_DUE

/**
 * The unit-deadline rule as a table, shared by the function's test (test/domain/deadline.test.ts) and
 * the aggregation's (test/foundation/deadline-aggregation.test.ts), so both are held to the same cases.
 */
export const DEADLINE_CASES: { name: string; extensionUntil?: Date | null; expected: Date }[] = [
  { name: 'no extension: the round’s due instant', expected: DUE },
  { name: 'null extension (cleared): the round’s', extensionUntil: null, expected: DUE },
  { name: 'a later extension wins', extensionUntil: at('2027-07-15T15:59:59Z'), expected: at('2027-07-15T15:59:59Z') },
  { name: 'an earlier extension never shortens the round', extensionUntil: at('2027-07-08T15:59:59Z'), expected: DUE },
  { name: 'an extension equal to the due instant', extensionUntil: DUE, expected: DUE },
]
