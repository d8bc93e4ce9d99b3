import { demoContext, roads } from '../../fixtures/demo-context.js'
import type { FormContext } from '../../src/forms/context.js'

/** The contexts a fixture file can name: the demo unit at 1-6月, at 1-9月, and filing one question at a time. */
export const CONTEXTS: Record<string, () => FormContext> = {
  demo: () => demoContext(),
  'demo-1-9': () =>
    demoContext({ round: { year: 2027, endMonth: 9, tolerance: 0, jumpFactor: 3 }, now: '2027-10-10T10:00:00+08:00' }),
  'demo-single': () => demoContext({ mode: 'single' }),
  /** the boundary case: a cumulative target of 4.4 at 1-9月 (time progress 75%), 3.3 done */
  'decimal-1-9': () =>
    demoContext({
      projects: [{ ...roads, indicators: roads.indicators.map((i) => (i.code === 'I1' ? { ...i, target: 4.4 } : i)) }],
      round: { year: 2027, endMonth: 9, tolerance: 0, jumpFactor: 3 },
      now: '2027-10-10T10:00:00+08:00',
    }),
  'demo-one-project': () => demoContext({ projects: demoContext().projects.slice(0, 1) }),
}
