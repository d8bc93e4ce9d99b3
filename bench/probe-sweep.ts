/** Probe (not a bench row): CPU profiles of the cold sweep and the next slot's sweep, node:inspector around each call. */
import { Session } from 'node:inspector/promises'
import { writeFileSync } from 'node:fs'
import mongoose from 'mongoose'
import { randomBytes } from 'node:crypto'
import { freePort } from '../src/db/free-port.js'
import { startJavaServer } from '../src/db/java-server.js'
import { MEASURED_SLOT, changeBetweenSlots, sweepWorld } from './sweep.js'

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
  const { c, clock } = await sweepWorld(conn, n)
  const tag = n === 16000 ? '' : 'warmup-'
  await profiled(`${tag}cold`, () => c.chase.reminders.sweep())
  await changeBetweenSlots(conn)
  clock.set(MEASURED_SLOT)
  if (n === 16000) console.log('--- warm')
  await profiled(`${tag}warm`, () => c.chase.reminders.sweep())
  await conn.dropDatabase()
  await conn.close()
}
await java.stop()
process.exit(0)
