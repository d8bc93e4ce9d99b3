/**
 * API benchmark: mini-program submissions per second through the full path (session auth, strict
 * validation, the template's zod schema, the submission service, MongoDB) against a bare Koa route doing
 * one raw driver insertOne of the same JSON payload, in the same run on the same database (both warmed
 * up, then three alternated runs each, medians); then the full path's p99 latency at a steady 300
 * requests/s. Target: at least 0.5 of the bare throughput. Then a short sampling run on a second app with
 * SERVER_TIMING on: every 20th submit's Server-Timing header, medians per phase (auth, validate, service,
 * db), so the gap to the bare route is explained by numbers (the throughput runs are on an app without it).
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/api.ts
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import Koa from 'koa'
import mongoose, { type Connection } from 'mongoose'
import Router from '@koa/router'
import bodyParser from 'koa-bodyparser'
import { ManualClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { buildContainer } from '../src/container.js'
import { createApp } from '../src/http/app.js'
import { apiRouter } from '../src/http/routes/api-routes.js'
import { createLogger } from '../src/logger.js'
import { startFakeWechat } from '../fixtures/fake-wechat.js'
import { attachDbTiming } from '../src/db/command-timing.js'
import { parseServerTiming } from '../src/http/server-timing.js'
import { seedBenchUnits, benchAnswers } from '../fixtures/api-seed.js'
import { measured } from './profiler.js'
import { BENCH_ENV, databaseCpuUs, openBenchDb } from './support.js'

export interface ApiBenchResult {
  fullRps: number
  bareRps: number
  /** fullRps ÷ bareRps */
  ratio: number
  rate: number
  p99AtRateMs: number
  /** the bare route's p99 at the same fixed rate (the baseline of the ≤ 3× target) */
  bareP99AtRateMs: number
  /** requests/s actually achieved in the fixed-rate runs (below `rate`: the server could not keep up, and p99 understates the queueing) */
  achievedAtRate: number
  bareAchievedAtRate: number
  non2xx: number
  /** this process's CPU (all threads: event loop, GC, libuv) per request in the throughput runs, µs, medians; autocannon's share included on both sides */
  fullCpuUs: number
  bareCpuUs: number
  /** the database server's CPU per request in the same runs, µs, medians (when this run started the server) */
  fullDbCpuUs?: number
  bareDbCpuUs?: number
  /** medians (ms) of the sampled submits' Server-Timing phases, at the throughput runs' concurrency */
  breakdown: ApiBreakdown
}

export interface ApiBreakdown {
  samples: number
  /** whole request as the client saw it (autocannon's mean latency of the sampling run) */
  clientMs: number
  auth: number
  validate: number
  service: number
  /** database command time inside the handler (part of service) */
  db: number
  /** the request inside the app (Koa middleware included); clientMs minus this is queueing and HTTP */
  total: number
}

const SAMPLE_EVERY = 20

async function listen(app: Koa): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app.callback())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) }
}

function fire(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => void autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))))
}

interface Measured {
  res: autocannon.Result
  /** this process's CPU per request, µs */
  cpuUs: number
  /** the database server's CPU per request, µs (undefined: not this run's server) */
  dbCpuUs?: number
}

async function fireMeasured(opts: autocannon.Options): Promise<Measured> {
  const before = process.cpuUsage()
  const dbBefore = databaseCpuUs()
  const res = await fire(opts)
  const cpu = process.cpuUsage(before)
  const dbAfter = databaseCpuUs()
  const n = Math.max(1, res.requests.total)
  const dbCpuUs = dbBefore === undefined || dbAfter === undefined ? undefined : (dbAfter - dbBefore) / n
  return { res, cpuUs: (cpu.user + cpu.system) / n, dbCpuUs }
}

/**
 * Each request is one unit's user submitting its own project table. The units are dealt out to the
 * connections (connection k takes units k, k + n, k + 2n, …), so two connections never submit for one
 * unit at once, and each connection's requests are built once, when it starts: a per-request
 * setupRequest would rebuild every request, on our side only.
 */
function unitLoad(
  tokens: string[],
  path: string,
  body: string,
  connections: number,
  onResponse?: autocannon.Request['onResponse'],
): Pick<autocannon.Options, 'requests' | 'setupClient'> {
  const request = (t: string): autocannon.Request => ({
    method: 'POST',
    path,
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
    ...(onResponse ? { onResponse } : {}),
  })
  const dealt = (k: number): autocannon.Request[] => {
    const mine = tokens.filter((_, i) => i % connections === k % connections)
    return (mine.length ? mine : [tokens[k % tokens.length]]).map(request)
  }
  let client = 0
  return { requests: dealt(0), setupClient: (c) => c.setRequests(dealt(client++)) }
}

export async function runApiBench(
  opts: { uri?: string; durationSec?: number; connections?: number; rate?: number; units?: number } = {},
): Promise<ApiBenchResult> {
  const uri = opts.uri ?? process.env.MONGODB_URI
  if (!uri) throw new Error('set MONGODB_URI to a MongoDB to benchmark against')
  const {
    durationSec = 8,
    connections = Number(process.env.BENCH_API_CONNECTIONS ?? 16),
    rate = 300,
    units = 200,
  } = opts
  // as in production (SERVER_TIMING off): no command monitoring on the throughput runs' connection
  const { conn, drop } = await openBenchDb(uri, 'api')
  const wechat = await startFakeWechat()
  let timingConn: Connection | undefined
  try {
    const clock = new ManualClock('2027-07-01T02:00:00Z')
    const config = loadConfig({ ...BENCH_ENV, WECHAT_API_BASE: wechat.base })
    const s = buildContainer(conn, clock, config, createLogger('silent')).api
    await Promise.all(Object.values(conn.models).map((m) => m.init()))
    const { roundId, tokens } = await seedBenchUnits(conn, s, units)
    const fullApp = (services: typeof s, serverTiming: boolean): Koa =>
      createApp({
        logger: createLogger('silent'),
        bodyLimit: '1mb',
        corsOrigins: [],
        serverTiming,
        routers: [apiRouter(services, { loginPerMinute: 1e9, uploadMaxBytes: 1 << 20 }).router],
      })
    const full = await listen(fullApp(s, false))
    const bare = new Koa()
    const router = new Router()
    const raw = conn.db?.collection('bare_submissions')
    router.post('/bare', async (ctx) => {
      await raw?.insertOne({ ...(ctx.request.body as object), at: new Date() })
      ctx.body = { ok: true }
    })
    bare.use(bodyParser({ jsonLimit: '1mb' })).use(router.routes())
    const bareServer = await listen(bare)
    const body = JSON.stringify({ answers: benchAnswers(), overwrite: true })
    const path = `/api/mp/rounds/${roundId}/forms/project/submit`
    const headers = { 'content-type': 'application/json' }
    const units$ = (n: number, onResponse?: autocannon.Request['onResponse']) =>
      unitLoad(tokens, path, body, n, onResponse)
    const fullOpts = (n: number) => ({ url: full.url, connections: n, ...units$(n) })
    const bareOpts = (n: number) => ({
      url: `${bareServer.url}/bare`,
      method: 'POST' as const,
      headers,
      body,
      connections: n,
    })
    // both sides warmed up (the Java server's JIT too), then alternated so neither runs on a colder server
    await fire({ ...fullOpts(connections), duration: 2 })
    await fire({ ...bareOpts(connections), duration: 2 })
    const fullRuns: Measured[] = []
    const bareRuns: Measured[] = []
    for (let i = 0; i < 3; i++) {
      fullRuns.push(await measured(() => fireMeasured({ ...fullOpts(connections), duration: durationSec / 2 })))
      bareRuns.push(
        await measured(() => fireMeasured({ ...bareOpts(connections), duration: durationSec / 2 }), 'baseline'),
      )
    }
    const paced = await fire({ ...fullOpts(32), overallRate: rate, duration: durationSec })
    const barePaced = await fire({ ...bareOpts(32), overallRate: rate, duration: durationSec })
    // the sampling app: its own connection to the same database, monitored for the db phase
    timingConn = await mongoose.createConnection(uri, { dbName: conn.name, monitorCommands: true }).asPromise()
    attachDbTiming(timingConn.getClient())
    const timed = buildContainer(timingConn, clock, config, createLogger('silent')).api
    const breakdown = await sampleBreakdown(await listen(fullApp(timed, true)), (onResponse) => ({
      connections,
      ...units$(connections, onResponse),
    }))
    await full.close()
    await bareServer.close()
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1] ?? 0
    const fullRps = median(fullRuns.map((r) => r.res.requests.average))
    const bareRps = median(bareRuns.map((r) => r.res.requests.average))
    return {
      fullRps,
      bareRps,
      ratio: Math.round((fullRps / bareRps) * 100) / 100,
      rate,
      p99AtRateMs: paced.latency.p99,
      bareP99AtRateMs: barePaced.latency.p99,
      achievedAtRate: paced.requests.average,
      bareAchievedAtRate: barePaced.requests.average,
      non2xx: fullRuns.reduce((n, r) => n + r.res.non2xx, 0) + paced.non2xx,
      fullCpuUs: Math.round(median(fullRuns.map((r) => r.cpuUs))),
      bareCpuUs: Math.round(median(bareRuns.map((r) => r.cpuUs))),
      fullDbCpuUs: medianOf(fullRuns.map((r) => r.dbCpuUs)),
      bareDbCpuUs: medianOf(bareRuns.map((r) => r.dbCpuUs)),
      breakdown,
    }
  } finally {
    await timingConn?.close()
    await wechat.close()
    await drop()
  }
}

/** The middle of three measurements, rounded; undefined when any is missing. */
function medianOf(xs: (number | undefined)[]): number | undefined {
  if (xs.some((x) => x === undefined)) return undefined
  return Math.round([...(xs as number[])].sort((a, b) => a - b)[1] ?? 0)
}

/** A 3 s run on the Server-Timing app at the throughput runs' concurrency; every 20th answer's phases. */
async function sampleBreakdown(
  server: { url: string; close(): Promise<void> },
  load: (
    onResponse: NonNullable<autocannon.Request['onResponse']>,
  ) => Pick<autocannon.Options, 'requests' | 'setupClient' | 'connections'>,
): Promise<ApiBreakdown> {
  const phases: Record<'auth' | 'validate' | 'service' | 'db' | 'total', number[]> = {
    auth: [],
    validate: [],
    service: [],
    db: [],
    total: [],
  }
  let seen = 0
  const onResponse = (status: number, _body: string, _ctx: object, h?: http.IncomingHttpHeaders): void => {
    if (status !== 200 || seen++ % SAMPLE_EVERY !== 0) return
    // autocannon hands the headers as the server spelled them (Server-Timing)
    const key = Object.keys(h ?? {}).find((k) => k.toLowerCase() === 'server-timing')
    const t = parseServerTiming(String((key && h?.[key]) ?? ''))
    for (const k of Object.keys(phases) as (keyof typeof phases)[]) if (t[k] !== undefined) phases[k].push(t[k])
  }
  try {
    const res = await fire({ url: server.url, ...load(onResponse), duration: 3 })
    const med = (xs: number[]): number => {
      const s = [...xs].sort((a, b) => a - b)
      return s.length ? Math.round(s[Math.floor(s.length / 2)] * 100) / 100 : NaN
    }
    return {
      samples: phases.service.length,
      clientMs: res.latency.average,
      auth: med(phases.auth),
      validate: med(phases.validate),
      service: med(phases.service),
      db: med(phases.db),
      total: med(phases.total),
    }
  } finally {
    await server.close()
  }
}

/** One printed line: the medians, and how much of the request is the database's and how much Node's. */
export function formatBreakdown(b: ApiBreakdown): string {
  return (
    `latency breakdown (median of ${b.samples} sampled submits, ms): auth ${b.auth} · validate ${b.validate} · ` +
    `service ${b.service} (db ${b.db}, Node ${Math.round((b.service - b.db) * 100) / 100}) · in the app ${b.total} · client-seen ${b.clientMs}`
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await runApiBench()
  console.log(
    `full path: ${r.fullRps.toFixed(0)} submissions/s · bare insertOne: ${r.bareRps.toFixed(0)} req/s · ratio ${r.ratio} (target ≥ 0.5)`,
  )
  console.log(`p99 at ${r.rate} req/s: ${r.p99AtRateMs} ms (bare ${r.bareP99AtRateMs} ms) · non-2xx: ${r.non2xx}`)
  console.log(formatBreakdown(r.breakdown))
}
