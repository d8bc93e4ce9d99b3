import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import net from 'node:net'
import path from 'node:path'

/**
 * The MongoDB wire-compatible Java server (de.bwaldvogel:mongo-java-server, in-memory) used by the tests
 * and by `npm run db:offline` on machines that cannot download MongoDB. Its jars are resolved with Maven
 * into .cache/mongo-java/lib (git-ignored); our launcher (tools/mongo-java-server/Launcher.java) makes it
 * report wire version 13, which the Node driver 7 requires. Memory only: never for production.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const toolDir = path.join(root, 'tools/mongo-java-server')
const libDir = path.join(root, '.cache/mongo-java/lib')

export interface JavaServer {
  uri: string
  port: number
  /** the Java process (the benchmarks read its CPU time) */
  pid?: number
  stop(): Promise<void>
}

export function ensureJavaServerJars(): void {
  if (existsSync(libDir) && readdirSync(libDir).some((f) => f.startsWith('mongo-java-server-memory-backend'))) return
  mkdirSync(libDir, { recursive: true })
  const r = spawnSync(
    'mvn',
    ['-q', '-B', '-f', path.join(toolDir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  if (r.status !== 0)
    throw new Error('could not resolve mongo-java-server with Maven (is `mvn` installed and Maven Central reachable?)')
}

/** The port cannot be bound (taken by another process, or not allowed): said before Java is started. */
export class PortTakenError extends Error {}

/**
 * Starts the server on 127.0.0.1:`port`. A taken port fails at once (checked before Java starts, and
 * Java's own bind error is caught too); on any failure to start, the Java process is killed, never left
 * behind.
 */
export async function startJavaServer(port: number, opts: { stdio?: 'inherit' | 'pipe' } = {}): Promise<JavaServer> {
  await assertPortFree(port)
  ensureJavaServerJars()
  const child: ChildProcess = spawn(
    'java',
    ['-Xss4m', '-cp', `${libDir}/*`, path.join(toolDir, 'Launcher.java'), String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const killChild = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  process.once('exit', killChild)
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('mongo-java-server did not start within 60 s')), 60_000)
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`mongo-java-server exited with code ${code}`))
      })
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString()
        if (opts.stdio === 'inherit') process.stderr.write(text)
        // the JVM stays up after a failed bind: fail now rather than at the 60 s timeout
        if (/BindException|Address already in use/.test(text)) {
          clearTimeout(timer)
          reject(new PortTakenError(`port ${port} on 127.0.0.1 is taken: stop what listens there or pass another port`))
        }
      })
    })
  } catch (err) {
    killChild()
    process.removeListener('exit', killChild)
    throw err
  }
  return {
    port,
    pid: child.pid,
    uri: `mongodb://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killChild)
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new PortTakenError(
          `port ${port} on 127.0.0.1 is ${err.code === 'EADDRINUSE' ? 'taken' : `not usable (${err.code})`}: stop what listens there or pass another port`,
        ),
      ),
    )
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()))
  })
}
