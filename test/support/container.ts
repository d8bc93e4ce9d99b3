import type { Connection } from 'mongoose'
import { ManualClock } from '../../src/clock.js'
import { loadConfig, type Env } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'

/** A container on a test database with a clock the test moves by hand. */
export function testContainer(
  conn: Connection,
  start: string | Date = '2026-07-01T02:00:00Z',
  env: Env = {},
): Container & { clock: ManualClock } {
  const clock = new ManualClock(start)
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env })
  return buildContainer(conn, clock, config, createLogger('silent')) as Container & { clock: ManualClock }
}
