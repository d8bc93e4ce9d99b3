/** Moved to fixtures/mock-wechat.ts (shared with bench/); re-exported for the tests. */
export * from '../../../fixtures/mock-wechat.js'
