import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/logger.js'
import { openDatabase } from '../src/db/connect.js'
import { systemClock } from '../src/clock.js'
import { seedDemo } from '../src/demo/seed-demo.js'

/** `npm run seed:demo`: loads the fictional 示例县 into the configured database (idempotent). */
const config = loadConfig(process.env)
const db = await openDatabase(config, createLogger('warn'))
await db.connected
const r = await seedDemo(db.conn, systemClock, config.timezone)
console.log(`demo county loaded: ${r.units} units (${r.townships} townships), ${r.projects} projects, ${r.managers} managers`)
console.log(`open round: ${r.roundTitle} (id ${r.roundId})`)
await db.close()
