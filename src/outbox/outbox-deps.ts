import type { Connection } from 'mongoose'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import type { OutboxRepository } from './outbox-repository.js'

/**
 * What the delivery starters, the dead-message alert and the bot presence take: the outbox's own
 * repository and the process's clock, logger, config and connection (for the pacing and lease
 * collections). The composition's Container has all of them, so callers pass it as it is; the outbox
 * does not depend on the Container type (it sits below the composition).
 */
export interface OutboxDeps {
  config: Readonly<Config>
  logger: Logger
  clock: Clock
  conn: Connection
  outbox: OutboxRepository
}
