// Jest loads global setup outside its module mapper, so the TypeScript setup is loaded through tsx.
import { tsImport } from 'tsx/esm/api'

export default async function globalSetup() {
  const mod = await tsImport('./start-test-db.ts', import.meta.url)
  await mod.default()
}
