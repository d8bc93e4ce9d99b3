/**
 * Shared helpers for the benchmarks: a throw-away database per benchmark on the run's server, what that
 * server is, and timing.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import mongoose, { type Connection } from 'mongoose'
import { databaseUnreachable } from '../src/db/connect.js'

/** The benchmarks run the production configuration, which needs a session secret of its own. */
export const BENCH_ENV = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'bench-only-secret-0123456789abcdef0123',
} as const

let databasePid: number | undefined
let ticksPerSecond: number | undefined

/** The database server's process, when this run started it (mongo-java-server): its CPU time is read. */
export function setDatabasePid(pid: number | undefined): void {
  databasePid = pid
}

/**
 * The database server's CPU time so far (user + system, all its threads), µs, from /proc; undefined when
 * this run did not start the server (MONGODB_URI) or /proc cannot say. The server shares this machine's
 * cores with the benchmark, so its CPU per request is part of what a request costs here.
 */
export function databaseCpuUs(): number | undefined {
  if (databasePid === undefined) return undefined
  try {
    const stat = readFileSync(`/proc/${databasePid}/stat`, 'utf8')
    // after the command name in parentheses: state (field 3) … utime (14), stime (15)
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond
  } catch {
    return undefined
  }
}

/**
 * BENCH_COMMANDS=1: counts each command (by name and collection) and its mean server round trip on
 * `conn` (created with monitorCommands), printed by `report()`.
 */
export function commandCounter(conn: Connection, label: string): { report(): void } {
  if (process.env.BENCH_COMMANDS !== '1') return { report: () => undefined }
  const stats = new Map<string, { n: number; ms: number }>()
  const started = new Map<number, string>()
  const client = conn.getClient()
  client.on('commandStarted', (e: { requestId: number; commandName: string; command: Record<string, unknown> }) =>
    started.set(e.requestId, `${e.commandName} ${String(e.command[e.commandName])}`),
  )
  client.on('commandSucceeded', (e: { requestId: number; duration: number }) => {
    const k = started.get(e.requestId) ?? '?'
    started.delete(e.requestId)
    const s = stats.get(k) ?? { n: 0, ms: 0 }
    s.n++
    s.ms += e.duration
    stats.set(k, s)
  })
  return {
    report: () =>
      console.log(
        [...stats]
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([k, v]) => `${label} ${k}: ${v.n} × ${(v.ms / v.n).toFixed(2)} ms`)
          .join('\n'),
      ),
  }
}

/** A connection to a fresh database `tb_bench_<label>_<random>`; `drop()` removes it and closes. */
export async function openBenchDb(
  uri: string,
  label: string,
  o: { monitorCommands?: boolean } = {},
): Promise<{ conn: Connection; drop(): Promise<void> }> {
  const conn = mongoose.createConnection(uri, {
    dbName: `tb_bench_${label}_${randomBytes(3).toString('hex')}`,
    monitorCommands: o.monitorCommands === true || process.env.BENCH_COMMANDS === '1',
  })
  const commands = commandCounter(conn, label)
  await conn.asPromise()
  return {
    conn,
    async drop() {
      commands.report()
      await conn.dropDatabase().catch(() => undefined)
      await conn.close()
    },
  }
}

export interface ServerInfo {
  /** 'mongodb' for a real MongoDB (buildInfo has gitVersion), else the wire-compatible test server */
  kind: 'mongodb' | 'mongo-java-server' | 'ferretdb'
  version: string
  label: string
}

/** What the server at `uri` is: a real MongoDB answers buildInfo with gitVersion; mongo-java-server does not. */
export async function serverInfo(uri: string, serverSelectionTimeoutMS = 5000): Promise<ServerInfo> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS })
  await conn.asPromise().catch((err: Error) => {
    throw databaseUnreachable(uri, err.message)
  })
  try {
    const bi = (await conn.db!.admin().command({ buildInfo: 1 })) as {
      version?: string
      gitVersion?: string
      ferretdb?: unknown
      ferretdbVersion?: string
    }
    const version = bi.version ?? '?'
    if (bi.ferretdb !== undefined || bi.ferretdbVersion !== undefined)
      return { kind: 'ferretdb', version, label: `FerretDB (reports MongoDB ${version})` }
    if (bi.gitVersion) return { kind: 'mongodb', version, label: `MongoDB ${version}` }
    return {
      kind: 'mongo-java-server',
      version,
      label: `mongo-java-server 1.47 in memory (reports MongoDB ${version})`,
    }
  } finally {
    await conn.close()
  }
}

/** Milliseconds `fn` takes, as wall clock. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now()
  const value = await fn()
  return { ms: performance.now() - t, value }
}

/** The median of `runs` timings of `fn` (after `fn` ran once more to warm up when `warm`). */
export async function medianMs(runs: number, fn: () => Promise<unknown>, warm = true): Promise<number> {
  if (warm) await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms)
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

export const round1 = (x: number): number => Math.round(x * 10) / 10
export const round2 = (x: number): number => Math.round(x * 100) / 100

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      await work(items[i], i)
    }
  })
  await Promise.all(lanes)
}

/** Wraps an outbox's enqueueMany to add up the time spent in it (the sweep and digest report it apart). */
export function timeEnqueues(outbox: { enqueueMany(msgs: never[]): Promise<number> }): { ms(): number; reset(): void } {
  let total = 0
  const inner = outbox.enqueueMany.bind(outbox)
  outbox.enqueueMany = async (msgs) => {
    const t0 = performance.now()
    try {
      return await inner(msgs)
    } finally {
      total += performance.now() - t0
    }
  }
  return { ms: () => total, reset: () => void (total = 0) }
}
