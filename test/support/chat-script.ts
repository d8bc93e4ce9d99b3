import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { testDbUri } from './db.js'

/** A running `npm run chat`: its output so far (stdout and stderr), the process, and its exit. */
export interface ChatSession {
  out: string
  child: ChildProcessWithoutNullStreams
  exited: Promise<number | null>
}

/** `npm run chat -- <args>` as a newcomer runs it, against a test database. */
export function startChat(dbName: string, args: string[]): ChatSession {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', ...args], {
    env: { ...process.env, MONGODB_URI: `${testDbUri()}/${dbName}`, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const session: ChatSession = {
    out: '',
    child,
    exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))),
  }
  child.stdout.on('data', (d: Buffer) => (session.out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (session.out += d.toString()))
  return session
}

/** Fed by a pipe: the whole input at once, then EOF; the output once it exits. */
export async function runChat(
  dbName: string,
  args: string[],
  input: string,
): Promise<{ code: number | null; out: string }> {
  const s = startChat(dbName, args)
  s.child.stdin.end(input)
  const code = await s.exited
  return { code, out: s.out }
}
