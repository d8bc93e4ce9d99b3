/** Moved to fixtures/wait-for.ts (shared with bench/); re-exported for the tests. */
export * from '../../../fixtures/wait-for.js'
