import { afterAll, beforeAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { closeTestDb, openTestDb } from './db.js'
import { BotHarness } from './bot-harness.js'
import { seedBotWorld } from './bot-fixtures.js'

export interface BotWorld {
  db: Connection
  h: BotHarness
  roundId: string
}

/**
 * One test file's bot: a fresh database `label` seeded with `units` (test/support/bot-fixtures), the bot
 * on the mock puppet from `start`; stopped and dropped after the file. Fields are set in beforeAll, so
 * read them inside the tests: `const { h, db, roundId } = world`.
 */
export function useBotWorld(label: string, units: string[], start = '2027-07-05T02:00:00Z'): BotWorld {
  const world = {} as BotWorld
  beforeAll(async () => {
    world.db = await openTestDb(label)
    world.roundId = await seedBotWorld(world.db, units)
    world.h = new BotHarness(world.db, start)
    await world.h.start()
  })
  afterAll(async () => {
    await world.h.stop()
    await closeTestDb(world.db)
  })
  return world
}
