/** Moved to fixtures/fake-wechat.ts (shared with bench/); re-exported for the tests. */
export * from '../../../fixtures/fake-wechat.js'
