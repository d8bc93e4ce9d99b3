import type { Connection } from 'mongoose'
import { systemClock, type Clock } from '../../../src/clock.js'
import { loadConfig, type Env } from '../../../src/config.js'
import { buildContainer, type Container } from '../../../src/container.js'
import { createLogger } from '../../../src/logger.js'
import { outboxModel } from '../../../src/db/models/outbox-message.js'

/**
 * A container for outbox tests: a chosen clock (real time where sends are paced by real timers, a
 * ManualClock where a test steps through backoff), silent logs, and the outbox's unique index built.
 */
export async function outboxContainer(conn: Connection, env: Env = {}, clock: Clock = systemClock): Promise<Container> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env })
  await outboxModel(conn).init()
  return buildContainer(conn, clock, config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'))
}
