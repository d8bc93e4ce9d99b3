/** Moved to fixtures/seed-county.ts (shared with bench/); re-exported for the tests. */
export * from '../../../fixtures/seed-county.js'
