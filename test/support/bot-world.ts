import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals'
import type { Connection } from 'mongoose'
import { closeTestDb, openTestDb } from './db.js'
import { BotHarness } from './bot-harness.js'
import { seedBotWorld } from './bot-fixtures.js'

export interface BotWorld {
  db: Connection
  h: BotHarness
  roundId: string
}

const DEFAULT_START = '2027-07-05T02:00:00Z'

async function openWorld(world: BotWorld, label: string, units: string[], start: string): Promise<void> {
  world.db = await openTestDb(label)
  world.roundId = await seedBotWorld(world.db, units)
  world.h = new BotHarness(world.db, start)
  await world.h.start()
}

async function closeWorld(world: BotWorld): Promise<void> {
  await world.h.stop()
  await closeTestDb(world.db)
}

/**
 * One test file's bot: a fresh database `label` seeded with `units` (test/support/bot-fixtures), the bot
 * on the mock puppet from `start`; stopped and dropped after the file. Fields are set in beforeAll, so
 * read them inside the tests: `const { h, db, roundId } = world`. Tests that share it must not rely on
 * what another test did to it (use distinct units and rooms, counts relative to a before-snapshot).
 */
export function useBotWorld(label: string, units: string[], start = DEFAULT_START): BotWorld {
  const world = {} as BotWorld
  beforeAll(() => openWorld(world, label, units, start))
  afterAll(() => closeWorld(world))
  return world
}

/**
 * The same world, but made afresh for every test (beforeEach) and dropped after it: every test starts
 * with the seeded units unbound, nothing filed and the clock at `start`, whatever order the tests run in
 * (`jest --randomize`). About a second per test; for files whose tests all work on the same few units.
 */
export function useFreshBotWorld(label: string, units: string[], start = DEFAULT_START): BotWorld {
  const world = {} as BotWorld
  beforeEach(() => openWorld(world, label, units, start))
  afterEach(() => closeWorld(world))
  return world
}
