// Jest loads global setup outside its module mapper, so the TypeScript setup is loaded through tsx.
import { tsImport } from 'tsx/esm/api'
import { ensureConsole } from '../../tools/ensure-console.mjs'

export default async function globalSetup() {
  // the browser tests (test/console) drive the built console: build it once here when missing or stale
  ensureConsole()
  const mod = await tsImport('./start-test-db.ts', import.meta.url)
  await mod.default()
}
