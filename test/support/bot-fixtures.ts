/** Moved to fixtures/bot-world-seed.ts (shared with bench/); re-exported for the tests. */
export * from '../../fixtures/bot-world-seed.js'
