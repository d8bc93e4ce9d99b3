import { systemClock } from '../src/clock.js'
import { seedDemo } from '../src/demo/seed-demo.js'
import { runScript } from './run-script.js'
import { withDatabase } from './with-database.js'

/** `npm run seed:demo`: loads the fictional 示例县 into the configured database (idempotent). */
runScript('seed:demo', async () => {
  const r = await withDatabase((conn, timezone) => seedDemo(conn, systemClock, timezone))
  console.log(
    `demo county loaded: ${r.units} units (${r.townships} townships), ${r.projects} projects, ${r.managers} managers`,
  )
  console.log(`open round: ${r.roundTitle} (id ${r.roundId})`)
})
