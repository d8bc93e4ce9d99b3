import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { bindingModel } from '../../src/db/models/binding.js'
import { unitModel } from '../../src/db/models/unit.js'
import { BindingRepository } from '../../src/db/repositories/binding-repository.js'
import type { PendingDue } from '../../src/services/reminders/reminder-store.js'
import { closeTestDb } from '../support/db.js'
import { SNAPSHOT_UNITS, snapshotWorld, type SnapshotWorld } from './support/snapshot-world.js'

/**
 * Reminder slots are hours or days apart. The snapshot of units and bindings
 * (src/db/repositories/unit-binding-snapshot.ts) is kept across them: each use catches up by reading only
 * what was stamped since its newest `updatedAt` (less a margin for other processes' clocks) instead of
 * every unit and binding; a delete (the count moves) still reads everything again.
 */
const N = SNAPSHOT_UNITS

describe('sweep snapshot catch-up', () => {
  let w: SnapshotWorld
  let db: Connection
  let bindings: BindingRepository
  let code: SnapshotWorld['code']
  let whole: SnapshotWorld['whole']
  const sweep = (): Promise<PendingDue> => w.sweep()
  const roomsOf = (r: PendingDue, unit: string) => w.roomsOf(r, unit)
  const unitOf = (r: PendingDue, unit: string) => w.unitOf(r, unit)

  beforeAll(async () => {
    w = await snapshotWorld('snapshot_catch_up', 'C', { stampedAt: new Date(Date.now() - 3600_000), inactive: [0] })
    ;({ db, bindings, code, whole } = w)
    await sweep()
  }, 60_000)
  afterAll(async () => {
    await closeTestDb(db)
  })

  it('an unchanged database is not read whole again, however old the snapshot', async () => {
    const reads = { ...whole }
    expect(reads).toEqual({ units: 1, bindings: 1 })
    const again = await sweep()
    expect(whole).toEqual(reads)
    expect(again.units).toHaveLength(N)
    expect(roomsOf(again, code(2))).toEqual(['room-2'])
    expect(roomsOf(again, code(0))).toEqual([]) // inactive from the start
  })

  it('catches up on updates and inserts without reading everything', async () => {
    const reads = { ...whole }
    await unitModel(db).updateOne({ code: code(10) }, { $set: { name: '改名单位' } })
    await bindings.deactivateUnit(code(4))
    await bindings.insert({
      kind: 'unit-room',
      account: 'default',
      roomId: 'room-new',
      unitCode: code(1),
      active: true,
      boundAt: new Date(),
    })
    const after = await sweep()
    expect(unitOf(after, code(10))?.name).toBe('改名单位')
    expect(roomsOf(after, code(4))).toEqual([])
    expect(roomsOf(after, code(1))).toEqual(['room-new'])
    expect(after.units).toHaveLength(N)
    expect(whole).toEqual(reads)
  })

  it('sees an update stamped a minute in the past (a writer whose clock is behind, within the margin)', async () => {
    await sweep()
    const reads = { ...whole }
    const behind = new Date(Date.now() - 60_000)
    await unitModel(db).collection.updateOne({ code: code(12) }, { $set: { name: '慢钟单位', updatedAt: behind } })
    expect(unitOf(await sweep(), code(12))?.name).toBe('慢钟单位')
    expect(whole).toEqual(reads)
  })

  it('reads everything again after a delete (the count moves)', async () => {
    const reads = { ...whole }
    await bindingModel(db).deleteOne({ unitCode: code(6) })
    await unitModel(db).deleteOne({ code: code(14) })
    const after = await sweep()
    expect(roomsOf(after, code(6))).toEqual([])
    expect(unitOf(after, code(14))).toBeUndefined()
    expect(whole).toEqual({ units: reads.units + 1, bindings: reads.bindings + 1 })
  })
})
