import { nextTick } from 'vue'

/**
 * The board's paint marks, read by `bench/board.ts` through the Performance API (same clock as the
 * resource timing of its API calls): `board-counts` (the counts), `board-chart` (the chart's first frame)
 * and `board-units` (a page of the units table) — the board is rendered when all three are there, and a
 * click on the pager or the status filter is answered at the next `board-units`. A mark costs
 * microseconds and keeps at most a few entries per load; nothing else reads them.
 */
export type BoardMark = 'board-counts' | 'board-chart' | 'board-units'

/** Marks `name` once Vue has patched the DOM and the browser has painted that frame. */
export function markPainted(name: BoardMark): void {
  void nextTick(() =>
    // a timer queued from the frame's rAF runs after that frame is painted
    requestAnimationFrame(() => setTimeout(() => performance.mark(name), 0)),
  )
}

/** Marks `name` now (e.g. from ECharts' `rendered` event, which fires once its canvas is drawn). */
export function markNow(name: BoardMark): void {
  performance.mark(name)
}
