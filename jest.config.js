/** Jest runs TypeScript ESM through @swc/jest (transpile only; `npm run typecheck` is the type check).
 *  One MongoDB-compatible server for the whole run (test/setup/global-setup.mjs); each test file uses
 *  its own database (test/support/db.ts). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  testTimeout: 30000,
  maxWorkers: 2,
  // wechaty's mock puppet leaves a watchdog timer behind after stop(); without this the run never ends
  forceExit: true,
}
