import { describe, it, expect, beforeAll, afterAll, jest } from '@jest/globals'
import { spawn, execFileSync } from 'node:child_process'
import net from 'node:net'
import { freePort } from '../../src/db/free-port.js'

/**
 * Scripts and the service, run as a user would, fail with one line that says what is wrong and what to
 * do, a non-zero exit, no stack trace — and leave no process behind. (Issue: when something is down or
 * wrong.) Each bound is generous: the point is "does not hang", not speed.
 */
interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(script: string, args: string[], env: Record<string, string> = {}, timeoutMs = 75_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${script} ${args.join(' ')} still running after ${timeoutMs} ms; output: ${stdout}${stderr}`))
    }, timeoutMs)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** what a user reads: no "    at …" frames, no Node error dump */
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$|node:internal|ERR_PARSE_ARGS/m)

// each test spawns tsx and loads the whole service: on a shared machine under load that takes tens of seconds
jest.setTimeout(90_000)

describe('scripts and the service fail clearly', () => {
  let nowhere: string
  let taken: net.Server
  let takenPort: number
  beforeAll(async () => {
    nowhere = `mongodb://127.0.0.1:${await freePort()}/x` // nothing listens there
    taken = net.createServer()
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()))
    takenPort = (taken.address() as net.AddressInfo).port
  })
  afterAll(() => new Promise<void>((r) => taken.close(() => r())))

  const unreachable = { MONGODB_URI: '', DB_SERVER_SELECTION_TIMEOUT_MS: '1500' }

  it('admin token create: an unreachable database is one line and exit 1, without a token', async () => {
    const r = await run('scripts/admin.ts', ['token', 'create', '--name', 'x', '--role', 'bureau_admin'], {
      ...unreachable,
      MONGODB_URI: nowhere,
    })
    expect(r.code).toBe(1)
    expect(r.stdout).not.toMatch(/token/i)
    expect(r.stderr).toMatch(/^admin: cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:\d+\/x/)
    expect(r.stderr).toContain('npm run db:offline')
    noStack(r.stderr)
  })

  it('seed:demo: an unreachable database is one line and exit 1', async () => {
    const r = await run('scripts/seed-demo.ts', [], { ...unreachable, MONGODB_URI: nowhere })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^seed:demo: cannot reach MongoDB/)
    noStack(r.stderr)
  })

  it('chat: an unreachable database is one line and exit 1', async () => {
    const r = await run('scripts/chat.ts', ['--unit', 'D012'], { ...unreachable, MONGODB_URI: nowhere })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^chat: cannot reach MongoDB/)
    noStack(r.stderr)
  })

  it('bench: an unreachable database is one line and exit 1', async () => {
    const r = await run('bench/run.ts', ['engine'], { ...unreachable, MONGODB_URI: nowhere })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^bench: cannot reach MongoDB/)
    noStack(r.stderr)
  })

  it('bench: an unknown benchmark prints the names and exits 2', async () => {
    const u = await run('bench/run.ts', ['engnie'], { MONGODB_URI: nowhere })
    expect(u.code).toBe(2)
    expect(u.stderr).toMatch(/^bench: unknown benchmark engnie\nusage: npm run bench/)
  })

  it('bench: --runs out of range, or with --profile, prints the usage and exits 2', async () => {
    const zero = await run('bench/run.ts', ['--runs', '0', 'engine'], { MONGODB_URI: nowhere })
    expect(zero.code).toBe(2)
    expect(zero.stderr).toMatch(/^bench: --runs takes a whole number from 1 to 5, not 0\nusage: npm run bench/)
    const both = await run('bench/run.ts', ['--profile', '--runs', '2'], { MONGODB_URI: nowhere })
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/^bench: --profile runs each benchmark once/)
  })

  it('chat: a forgotten --unit prints the usage and exits 2', async () => {
    const r = await run('scripts/chat.ts', ['D012'], { MONGODB_URI: nowhere })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('usage: npm run chat -- --unit <unitCode>')
    noStack(r.stderr)
  })

  it('admin: an unknown option is one line with exit 2', async () => {
    const r = await run('scripts/admin.ts', ['outbox', '--sate', 'dead'], { MONGODB_URI: nowhere })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^admin: .*--sate/)
    noStack(r.stderr)
  })

  it('db:offline on a taken port fails at once and leaves no Java process', async () => {
    const r = await run('scripts/db-offline.ts', [String(takenPort)])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      `db:offline: port ${takenPort} on 127.0.0.1 is taken: stop what listens there or pass another port\n`,
    )
    expect(javaProcessesOn(takenPort)).toEqual([])
  })

  it('npm start on a taken port: one line naming the port, exit 1', async () => {
    const r = await run('src/main.ts', [], {
      ROLES: 'api',
      PORT: String(takenPort),
      HOST: '127.0.0.1',
      MONGODB_URI: nowhere,
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `tianbao: cannot listen on 127.0.0.1:${takenPort} (the port is taken): stop the other process or set PORT to a free port\n`,
    )
  })
})

/** pids of Java processes started with our launcher for `port` */
function javaProcessesOn(port: number): string[] {
  try {
    return execFileSync('pgrep', ['-f', `Launcher.java ${port}$`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
  } catch {
    return [] // pgrep exits 1 when nothing matches
  }
}
