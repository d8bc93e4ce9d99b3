import type { Connection } from 'mongoose'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Logger } from './logger.js'
import { RoundRepository } from './db/repositories/round-repository.js'
import { SubmissionRepository } from './db/repositories/submission-repository.js'
import { SubmissionService } from './services/submission-service.js'

/**
 * Repositories and services wired on one connection and one clock. main.ts builds one per process;
 * tests build one per database with a ManualClock.
 */
export interface Container {
  config: Readonly<Config>
  logger: Logger
  clock: Clock
  conn: Connection
  repos: { rounds: RoundRepository; submissions: SubmissionRepository }
  services: { submissions: SubmissionService }
}

export function buildContainer(conn: Connection, clock: Clock, config: Readonly<Config>, logger: Logger): Container {
  const rounds = new RoundRepository(conn)
  const submissions = new SubmissionRepository(conn)
  return {
    config,
    logger,
    clock,
    conn,
    repos: { rounds, submissions },
    services: { submissions: new SubmissionService(rounds, submissions, clock) },
  }
}
