/**
 * bench/board — the web console's round board for a 16,000-unit round, measured in the browser: the real
 * service (`src/main.ts`, ROLES=api, the built console) on a free port, Debian's Chromium (headless,
 * through playwright-core) signed in as a bureau admin, one page load per run (a warm-up, then `runs`).
 *
 * All times come from the page's own clock (Performance API): the resource timing of the board's two API
 * calls (GET …/board, then …/board/units once the board is on screen) and the console's paint marks
 * (console/src/components/board/paint-mark.ts: `board-counts`, `board-chart`, `board-units`).
 * - ours: the browser's own time for the board — from the first API call's start to the last mark, less
 *   the time spent waiting on the API (the union of the two calls), so the work between the two calls
 *   counts too; `afterApiMs` (last mark − last response) is the narrower figure of issue 18.
 * - baseline: the API time itself (the two calls' durations).
 * - then a click on the pager's next page and one on the status filter (未报): the browser's part of
 *   answering it (click → table painted, less its API call).
 *
 *   MONGODB_URI=mongodb://127.0.0.1:27017 npx tsx bench/board.ts [units]
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { ManualClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { buildContainer } from '../src/container.js'
import { freePort } from '../src/db/free-port.js'
import { createLogger } from '../src/logger.js'
import { seedProgressRound, type SeedShape } from './progress.js'
import type { CpuProfile } from '../scripts/cpu-profile-summary.js'
import { addProfile, profiling } from './profiler.js'
import { BENCH_ENV, openBenchDb, round1 } from './support.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CHROMIUM = '/usr/bin/chromium'
/** a township or a 主管部门 heads each run of 40 units; the first 20 runs are townships */
const GROUP = 40
const TOWNSHIPS = 20

export interface BoardBenchResult {
  units: number
  runs: number
  /** the browser's own time for the board (see the header): median and p90, ms */
  browserMs: { median: number; p90: number }
  /** the last mark after the last API response: median and p90, ms */
  afterApiMs: { median: number; p90: number }
  /** what the user waits: from the first API call's start to the board painted and clickable, ms */
  totalMs: { median: number; p90: number }
  /** GET …/board + …/board/units as the browser timed them: median and p90, ms */
  apiMs: { median: number; p90: number; board: number; units: number }
  /** the browser's part of answering a click on next page / on the status filter: median and p90, ms */
  clickMs: { median: number; p90: number; nextPage: number; statusFilter: number }
  /** a click on the 主管部门 tab (no API call) until its chart and its table's first page are painted: median and p90, ms */
  departmentsTabMs: { median: number; p90: number }
  /** their API calls, median ms */
  clickApiMs: number
  counts: Record<string, number>
  screenshot: string
}

/** Townships and departments of 40 (the head and 39 units under it); a partial unit in 20 has a returned form. */
export const BOARD_SHAPE: SeedShape = {
  unit(i, code) {
    const head = i - (i % GROUP)
    const township = head / GROUP < TOWNSHIPS
    if (i !== head) return { kind: 'secondary', parentCode: code(head) }
    return township
      ? { kind: 'township', name: `第${head / GROUP + 1}镇` }
      : { kind: 'department', name: `第${head / GROUP + 1 - TOWNSHIPS}主管部门` }
  },
  roundUnit: (i) => (i % 20 === 11 ? { heads: { department: { status: 'returned' } } } : {}),
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]
  return { median: round1(at(0.5)), p90: round1(at(0.9)) }
}

/** `npm start` with ROLES=api on `port`, ready when /readyz answers 200. */
async function startService(uri: string, dbName: string): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...BENCH_ENV,
      MONGODB_URI: uri,
      MONGO_DB_NAME: dbName,
      ROLES: 'api',
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const base = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
  }
  const until = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}: ${stderr}`)
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, stop }
    if (Date.now() > until) {
      await stop()
      throw new Error(`the service was not ready within 90 s: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

const MARKS = ['board-counts', 'board-chart', 'board-units'] as const

type Span = { start: number; end: number } | undefined

/**
 * In the page: the last timing of each API call and each mark, on the page's clock. Plain JavaScript in a
 * string: tsx would wrap a named function's helpers in `__name()`, which the page does not have.
 */
const TIMINGS = `(() => {
  const all = performance.getEntries()
  const last = (pred) => all.filter(pred).at(-1)
  const call = (suffix) => {
    const e = last((x) => x.entryType === 'resource' && new URL(x.name).pathname.endsWith(suffix))
    return e && { start: e.startTime, end: e.responseEnd }
  }
  const out = { board: call('/board'), units: call('/board/units') }
  out.maskGone = window.__maskGone === undefined ? undefined : { start: window.__maskGone, end: window.__maskGone }
  for (const m of ${JSON.stringify(MARKS)}) {
    const e = last((x) => x.entryType === 'mark' && x.name === m)
    out[m] = e && { start: e.startTime, end: e.startTime }
  }
  return out
})()`

/**
 * Before any page script: notes when the units table's loading mask (v-loading) leaves the DOM — until
 * then it takes the clicks meant for the rows, so the table is interactive only from there.
 */
const WATCH_MASK = `new MutationObserver((records) => {
  for (const r of records)
    for (const n of r.removedNodes)
      if (n.classList && n.classList.contains('el-loading-mask')) window.__maskGone = performance.now()
}).observe(document, { childList: true, subtree: true })`

/** Waits until no mark is missing, more than `n` units pages were painted and no loading mask is left. */
const settled = (page: Page, marks: readonly string[], n = 0) =>
  page.waitForFunction(
    // an inline arrow (not a named function: see TIMINGS), run by Playwright without eval (the CSP forbids it)
    (a) =>
      a.marks.every((m) => performance.getEntriesByName(m).length > 0) &&
      performance.getEntriesByName('board-units').length > a.n &&
      !document.querySelector('.el-loading-mask'),
    { marks: [...marks], n },
    { timeout: 60_000 },
  )

const timings = (page: Page) => page.evaluate(TIMINGS) as Promise<Record<string, Span>>

/**
 * One page load: the board's times, and the browser's part of answering a next-page and a filter click.
 * `measuredRun` (not the warm-up) under `--profile`: the page's JavaScript is profiled by Chromium from the
 * navigation to the 主管部门 tab painted (the service's time is the baseline's and stays out).
 */
async function measureLoad(context: BrowserContext, url: string, departmentCount: number, measuredRun = false) {
  const page = await context.newPage()
  const cdp = measuredRun && profiling() ? await context.newCDPSession(page) : undefined
  await cdp?.send('Profiler.enable')
  await cdp?.send('Profiler.start')
  try {
    await page.goto(url)
    await settled(page, MARKS)
    const t = await timings(page)
    const { board, units } = t
    if (!board || !units) throw new Error('the board’s API calls were not seen in resource timing')
    // painted, and clickable: the loading mask that covered the table while it loaded is gone
    const rendered = Math.max(...MARKS.map((m) => t[m]?.start ?? Infinity), t.maskGone?.start ?? -Infinity)
    // the API's share: the union of the two calls' intervals (in parallel or one after the other)
    const [a, b] = [board, units].sort((x, y) => x.start - y.start)
    const first = a.start
    const api = b.start >= a.end ? a.end - a.start + (b.end - b.start) : Math.max(a.end, b.end) - a.start
    const nextPage = await click(page, async () => page.locator('.units .el-pagination .btn-next').elementHandle())
    await page.locator('[data-test=status-filter]').click()
    const option = page.getByRole('option', { name: '未报', exact: true })
    await option.waitFor()
    const statusFilter = await click(page, async () => option.elementHandle())
    // the 主管部门 tab: 380 groups in the chart (zoomed to 20) and the first page of its table (20 rows,
    // most units missing first, sorted over all 380); no API call, all browser
    const departments = await page.evaluate(
      async (want) => {
        const tab = document.querySelector<HTMLElement>('#tab-departments')
        const charts = performance.getEntriesByName('board-chart').length
        const at = performance.now()
        tab?.click()
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r))
          const rows = document.querySelectorAll('[data-test=groups-table] tbody tr').length
          if (rows === want && performance.getEntriesByName('board-chart').length > charts) break
          if (performance.now() - at > 30_000) throw new Error(`the 主管部门 tab shows ${rows} rows, not ${want}`)
        }
        return performance.now() - at
      },
      Math.min(departmentCount, 20),
    )
    if (cdp) addProfile((await cdp.send('Profiler.stop')).profile as CpuProfile)
    return {
      page,
      departments,
      browser: rendered - first - api,
      afterApi: rendered - Math.max(board.end, units.end),
      total: rendered - first,
      api,
      board: board.end - board.start,
      units: units.end - units.start,
      nextPage,
      statusFilter,
    }
  } catch (err) {
    await page.close()
    throw err
  }
}

/** Clicks `target` from inside the page (so the click's time is on the page's clock) until the table repaints. */
async function click(page: Page, target: () => Promise<unknown>): Promise<{ client: number; api: number }> {
  const el = await target()
  if (!el) throw new Error('nothing to click')
  const before = await page.evaluate(() => performance.getEntriesByName('board-units').length)
  const at = await page.evaluate((e) => {
    const t = performance.now()
    ;(e as HTMLElement).click()
    return t
  }, el)
  await settled(page, [], before)
  const t = await timings(page)
  const painted = Math.max(t['board-units']?.start ?? NaN, t.maskGone?.start ?? 0)
  const call = t.units
  if (!call || call.start < at) throw new Error('the click’s API call was not seen in resource timing')
  return { client: painted - at - (call.end - call.start), api: call.end - call.start }
}

export async function runBoardBench(opts: { uri: string; units?: number; runs?: number }): Promise<BoardBenchResult> {
  const n = opts.units ?? 16_000
  const runs = opts.runs ?? 7
  const built = spawnSync(process.execPath, ['tools/ensure-console.mjs'], { cwd: ROOT, stdio: 'inherit' })
  if (built.status !== 0) throw new Error('the web console did not build (node tools/ensure-console.mjs)')
  const db = await openBenchDb(opts.uri, 'board')
  try {
    const c = buildContainer(
      db.conn,
      new ManualClock('2027-07-20T02:00:00Z'),
      loadConfig(BENCH_ENV),
      createLogger('silent'),
    )
    await Promise.all(Object.values(db.conn.models).map((m) => m.init()))
    const { roundId } = await seedProgressRound(db.conn, n, BOARD_SHAPE)
    const { token } = await c.api.tokens.create({ name: 'bench-board', role: 'bureau_admin' })
    const service = await startService(opts.uri, db.conn.name)
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true })
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
      await context.addInitScript((t) => localStorage.setItem('tianbao.console.token', t), token)
      await context.addInitScript(WATCH_MASK)
      const url = `${service.base}/console/rounds/${roundId}`
      const departmentCount = Math.ceil(n / GROUP) - TOWNSHIPS
      const warm = await measureLoad(context, url, departmentCount) // loads the assets into the cache, warms the server's queries
      const shot = fileURLToPath(new URL('../test-results/bench-board-16000.png', import.meta.url))
      mkdirSync(fileURLToPath(new URL('../test-results/', import.meta.url)), { recursive: true })
      await warm.page.screenshot({ path: shot, fullPage: true })
      const counts: Record<string, number> = {}
      for (const k of ['expected', 'submitted', 'onTime', 'late', 'missing', 'returned'])
        counts[k] = Number(await warm.page.locator(`[data-test=count-${k}]`).innerText())
      await warm.page.close()
      if (counts.expected !== n) throw new Error(`the board shows ${counts.expected} units, not ${n}`)
      const loads = []
      for (let i = 0; i < runs; i++) {
        const r = await measureLoad(context, url, departmentCount, true)
        await r.page.close()
        loads.push(r)
      }
      const clicks = loads.flatMap((l) => [l.nextPage.client, l.statusFilter.client])
      return {
        units: n,
        runs,
        browserMs: stats(loads.map((l) => l.browser)),
        afterApiMs: stats(loads.map((l) => l.afterApi)),
        totalMs: stats(loads.map((l) => l.total)),
        apiMs: {
          ...stats(loads.map((l) => l.api)),
          board: stats(loads.map((l) => l.board)).median,
          units: stats(loads.map((l) => l.units)).median,
        },
        clickMs: {
          ...stats(clicks),
          nextPage: stats(loads.map((l) => l.nextPage.client)).median,
          statusFilter: stats(loads.map((l) => l.statusFilter.client)).median,
        },
        departmentsTabMs: stats(loads.map((l) => l.departments)),
        clickApiMs: stats(loads.flatMap((l) => [l.nextPage.api, l.statusFilter.api])).median,
        counts,
        screenshot: 'test-results/bench-board-16000.png',
      }
    } finally {
      await browser.close()
      await service.stop()
    }
  } finally {
    await db.drop()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const uri = process.env.MONGODB_URI
  if (!uri) throw new Error('set MONGODB_URI (or run `npm run bench -- board`)')
  const r = await runBoardBench({ uri, units: Number(process.argv[2] ?? 16_000) })
  console.log(JSON.stringify(r, null, 2))
  process.exit(0)
}
