/** Probe (not a bench row): CPU profiles of the cold sweep and the next slot's sweep, node:inspector around each call. */
import { Session } from 'node:inspector/promises'
import { writeFileSync } from 'node:fs'
import mongoose from 'mongoose'
import { randomBytes } from 'node:crypto'
import { ManualClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { buildContainer } from '../src/container.js'
import { bindingModel } from '../src/db/models/binding.js'
import { roundModel } from '../src/db/models/round.js'
import { roundUnitModel } from '../src/db/models/round-unit.js'
import { unitModel } from '../src/db/models/unit.js'
import { sweepMarkModel } from '../src/db/models/sweep-mark.js'
import { freePort } from '../src/db/free-port.js'
import { startJavaServer } from '../src/db/java-server.js'
import { atLocal } from '../src/domain/local-time.js'
import { createLogger } from '../src/logger.js'
import { BENCH_ENV } from './support.js'
import { seed } from './sweep.js'

const out = process.argv[2] ?? '/tmp/sw/prof'
const java = await startJavaServer(await freePort())
const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 200 })
async function profiled<T>(name: string, f: () => Promise<T>): Promise<T> {
  await session.post('Profiler.start')
  const t = performance.now()
  const cpu0 = process.cpuUsage()
  const r = await f()
  const ms = performance.now() - t
  const cpu = process.cpuUsage(cpu0)
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(`${out}-${name}.cpuprofile`, JSON.stringify(profile))
  console.log(name, Math.round(ms), 'ms', 'node-cpu', Math.round((cpu.user + cpu.system) / 1000), 'ms')
  return r
}
for (const n of [2000, 16000]) {
  const conn = mongoose.createConnection(java.uri, {
    dbName: `probe_${randomBytes(3).toString('hex')}`,
    monitorCommands: true,
  })
  const names = new Map<number, string>()
  conn
    .getClient()
    .on('commandStarted', (e) => names.set(e.requestId, `${e.commandName} ${String(e.command[e.commandName])}`))
  conn.getClient().on('commandSucceeded', (e) => {
    if (process.env.PROBE_LOG === '1' && n === 16000)
      console.log('  cmd', names.get(e.requestId), e.duration.toFixed(1))
  })
  await conn.asPromise()
  const clock = new ManualClock(atLocal('2027-07-02', '09:01', 'Asia/Shanghai'))
  const c = buildContainer(conn, clock, loadConfig(BENCH_ENV), createLogger('silent'))
  for (const m of [
    unitModel(conn),
    bindingModel(conn),
    roundModel(conn),
    roundUnitModel(conn),
    sweepMarkModel(conn),
    c.outbox.model,
  ])
    await m.init()
  await seed(conn, n)
  const tag = n === 16000 ? '' : 'warmup-'
  await profiled(`${tag}cold`, () => c.chase.reminders.sweep())
  for (let i = 0; i < 20; i++) {
    await unitModel(conn).updateOne({ code: `U${String(i * 7).padStart(6, '0')}` }, { $set: { name: `改${i}` } })
    await bindingModel(conn).create({
      kind: 'member',
      account: 'default',
      roomId: `room-${i * 7 + 1}`,
      memberId: `m-new-${i}`,
      memberName: `新财务${i}`,
      unitCode: `U${String(i * 7 + 1).padStart(6, '0')}`,
      active: true,
      boundAt: new Date(),
    })
  }
  clock.set(atLocal('2027-07-07', '09:01', 'Asia/Shanghai'))
  if (n === 16000) console.log('--- warm')
  await profiled(`${tag}warm`, () => c.chase.reminders.sweep())
  await conn.dropDatabase()
  await conn.close()
}
await java.stop()
process.exit(0)
