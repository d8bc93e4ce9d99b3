/**
 * `npm run bench -- --runs 2`: every row's verdict in each of consecutive full runs, one line per row,
 * as issue 19 asks ("passes every row in two consecutive full runs").
 */

/** A row of one run, with the benchmark that measured it (a benchmark that threw has one row, its name). */
export interface RunRow {
  bench: string
  metric: string
  ours: string
  ratio: string
  pass: boolean
}

/**
 * A row is the benchmark's i-th row, so a run where the benchmark threw still lines up with one where it
 * measured; a row missing from a run counts as failed there.
 */
export function runsTable(runs: readonly (readonly RunRow[])[]): { markdown: string; rows: number; passedAll: number } {
  const lines = new Map<string, { metric: string; cells: (RunRow | undefined)[] }>()
  runs.forEach((rows, r) => {
    const seen = new Map<string, number>()
    for (const row of rows) {
      const i = seen.get(row.bench) ?? 0
      seen.set(row.bench, i + 1)
      const key = `${row.bench}#${i}`
      const line = lines.get(key) ?? { metric: row.metric, cells: [] }
      // a benchmark that threw names only itself: keep the metric of a run that measured
      if (line.metric === row.bench) line.metric = row.metric
      line.cells[r] = row
      lines.set(key, line)
    }
  })
  const all = [...lines.values()]
  const passedAll = all.filter((l) => runs.every((_, r) => l.cells[r]?.pass === true)).length
  const head = `| metric | ${runs.map((_, r) => `run ${r + 1}`).join(' | ')} | all runs |`
  const rule = `|---|${runs.map(() => '---|').join('')}---|`
  const body = all.map((l) => {
    const cells = runs.map((_, r) => {
      const c = l.cells[r]
      // a row without a baseline (the engine's steps/s) shows its own figure
      return c ? `${c.ratio === '—' ? c.ours : c.ratio} ${c.pass ? 'pass' : '**FAIL**'}` : 'not run'
    })
    const ok = runs.every((_, r) => l.cells[r]?.pass === true)
    return `| ${l.metric} | ${cells.join(' | ')} | ${ok ? 'pass' : '**FAIL**'} |`
  })
  return { markdown: [head, rule, ...body].join('\n'), rows: all.length, passedAll }
}
