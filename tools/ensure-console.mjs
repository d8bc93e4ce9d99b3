// Builds the web console (dist/console) when it is missing or older than its sources: `npm start` runs it
// first (prestart), and the tests' global setup does too, so a fresh clone or a changed console/ is
// served as it is now. A build takes a few seconds; an up-to-date one costs a directory walk.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = join(root, 'dist', 'console', 'index.html')

function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

export function ensureConsole() {
  const sources = Math.max(newest(join(root, 'console')), statSync(join(root, 'package-lock.json')).mtimeMs)
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return false
  const r = spawnSync('npm', ['run', '-s', 'build:console'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('the web console did not build (npm run build:console)')
  return true
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureConsole()
