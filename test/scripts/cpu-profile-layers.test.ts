import { describe, it, expect } from '@jest/globals'
import { layerSplit, layerTable } from '../../scripts/cpu-profile-layers.js'
import type { CpuProfile } from '../../scripts/cpu-profile-summary.js'

/** A request's stack, shaped like the api row's profile: each sample is 1 ms, the last runs to endTime. */
const node = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0, columnNumber: 0 },
  children,
})
const profile: CpuProfile = {
  nodes: [
    node(1, '(root)', '', [2, 6, 9, 11, 12, 13, 14]),
    // our handler → the driver → Node's socket write (native): the database client's
    node(2, 'submit', 'file:///repo/src/services/filing/submission-service.ts', [3]),
    node(3, 'writeCommand', 'file:///repo/node_modules/mongodb/lib/cmap/connection.js', [4]),
    node(4, 'writeGeneric', 'node:internal/stream_base_commons', [5]),
    node(5, 'writeBuffer', ''),
    // our middleware → koa's respond: koa's (the nearest file of the program)
    node(6, 'errors', 'file:///repo/src/http/middleware/errors.ts', [7]),
    node(7, 'respond', 'file:///repo/node_modules/koa/lib/application.js', [8]),
    node(8, 'setHeader', 'node:_http_outgoing'),
    // autocannon's parser under Node's socket read: the load generator's
    node(9, 'onStreamRead', 'node:internal/stream_base_commons', [10]),
    node(10, 'execute', 'file:///repo/node_modules/autocannon/lib/httpClient.js'),
    node(11, '(garbage collector)', ''),
    node(12, '(idle)', ''),
    node(13, 'zodParse', 'file:///repo/node_modules/zod/v4/core/schemas.js'),
    // node:inspector's own start: left out
    node(14, 'dispatch', ''),
  ],
  startTime: 0,
  endTime: 10_000,
  // writeBuffer ×3, setHeader, autocannon, GC, idle ×2, zod, dispatch (the last, to endTime: left out)
  samples: [5, 5, 5, 8, 10, 11, 12, 12, 13, 14],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
}

describe('layerSplit', () => {
  it('puts each sample in the layer of what is on its stack: the driver anywhere wins, then the load generator, then the nearest file', () => {
    const split = Object.fromEntries(layerSplit([profile]).map((s) => [s.layer, s.ms]))
    expect(split).toEqual({
      'database client (driver, BSON, its socket writes)': 3,
      'load generator (autocannon, in this process)': 1,
      'ours (src/, bot/, jobs/, fixtures/, zod)': 1,
      'HTTP framework (koa, router, helmet, body reading)': 1,
      'garbage collector': 1,
      'idle (waiting: the database, the network, timers)': 2,
    })
    // the profiler's 1 ms is left out of the total (9 ms): 3 of 9
    expect(layerSplit([profile])[0]).toMatchObject({ pct: 33.3 })
  })

  it('prints ours beside the baseline, a dash where a side has no time in a layer', () => {
    const table = layerTable(layerSplit([profile]), [
      { layer: 'database client (driver, BSON, its socket writes)', ms: 5, pct: 50 },
    ])
    expect(table).toContain('| database client (driver, BSON, its socket writes) | 33.3 % | 50 % |')
    expect(table).toContain('| load generator (autocannon, in this process) | 11.1 % | — |')
  })
})
