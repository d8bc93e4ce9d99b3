import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { bindingModel } from '../../src/db/models/binding.js'
import { unitModel } from '../../src/db/models/unit.js'
import { BindingRepository } from '../../src/db/repositories/binding-repository.js'
import { ReminderRepository } from '../../src/db/repositories/reminder-repository.js'
import type { PendingDue } from '../../src/services/reminders/reminder-store.js'
import { closeTestDb } from '../support/db.js'
import { SNAPSHOT_UNITS, snapshotWorld, type SnapshotWorld } from './support/snapshot-world.js'

/**
 * A large round's sweeps (more than 2,000 pending units) take every unit and active binding from a
 * snapshot kept between sweeps (src/db/repositories/unit-binding-snapshot.ts). Each sweep checks it
 * first; a unit or binding written between two sweeps — by the repositories' ordinary write paths — must
 * be seen by the second sweep, and an unchanged database must not be read whole again.
 */
const N = SNAPSHOT_UNITS

describe('sweep snapshot of units and bindings', () => {
  let w: SnapshotWorld
  let db: Connection
  let repo: ReminderRepository
  let bindings: BindingRepository
  let roundId: string
  let code: SnapshotWorld['code']
  let whole: SnapshotWorld['whole']
  const sweep = (): Promise<PendingDue> => w.sweep()
  const roomsOf = (r: PendingDue, unit: string) => w.roomsOf(r, unit)
  const unitOf = (r: PendingDue, unit: string) => w.unitOf(r, unit)

  beforeAll(async () => {
    w = await snapshotWorld('sweep_snapshot', 'S', {})
    ;({ db, repo, bindings, roundId, code, whole } = w)
  }, 60_000)
  afterAll(async () => {
    await closeTestDb(db)
  })

  it('reads everything once, then only checks while nothing changes', async () => {
    const first = await sweep()
    expect(first.statuses).toHaveLength(N)
    expect(roomsOf(first, code(2))).toEqual(['room-2'])
    const reads = { ...whole }
    expect(reads).toEqual({ units: expect.any(Number), bindings: expect.any(Number) })
    const again = await sweep()
    expect(whole).toEqual(reads)
    expect(again.units).toHaveLength(N)
    expect(again.reach).toHaveLength(first.reach.length)
  })

  it('sees a binding made between two sweeps', async () => {
    await sweep()
    expect(roomsOf(await sweep(), code(1))).toEqual([])
    await bindings.insert({
      kind: 'unit-room',
      account: 'default',
      roomId: 'room-new',
      unitCode: code(1),
      active: true,
      boundAt: new Date(),
    })
    expect(roomsOf(await sweep(), code(1))).toEqual(['room-new'])
  })

  it('sees a binding deactivated between two sweeps (解绑: an update, same count)', async () => {
    expect(roomsOf(await sweep(), code(4))).toEqual(['room-4'])
    expect(await bindings.deactivateUnit(code(4))).toBe(1)
    expect(roomsOf(await sweep(), code(4))).toEqual([])
  })

  it('sees a binding moved to another room between two sweeps', async () => {
    const row = await bindingModel(db)
      .findOne({ unitCode: code(6), active: true })
      .lean()
    expect(roomsOf(await sweep(), code(6))).toEqual(['room-6'])
    await bindings.update(String(row?._id), { roomId: 'room-6b' })
    expect(roomsOf(await sweep(), code(6))).toEqual(['room-6b'])
  })

  it('sees a binding deleted between two sweeps (the count moves)', async () => {
    expect(roomsOf(await sweep(), code(8))).toEqual(['room-8'])
    await bindingModel(db).deleteOne({ unitCode: code(8) })
    expect(roomsOf(await sweep(), code(8))).toEqual([])
  })

  it("sees a unit's contact renamed between two sweeps, and the digest sees it too", async () => {
    expect(unitOf(await sweep(), code(10))?.contacts[0].name).toBe('财务10')
    await unitModel(db).updateOne({ code: code(10) }, { $set: { 'contacts.0.name': '王五' } })
    expect(unitOf(await sweep(), code(10))?.contacts[0].name).toBe('王五')
    await unitModel(db).updateOne({ code: code(10) }, { $set: { name: '改名单位' } })
    const digest = await repo.pendingDigest(roundId)
    expect(digest.pending.find((p) => p.unit.code === code(10))?.unit.name).toBe('改名单位')
  })

  it('the digest sees a binding made since the last sweep', async () => {
    await sweep()
    expect((await repo.pendingDigest(roundId)).reachable.has(code(3))).toBe(false)
    await bindings.insert({
      kind: 'member',
      account: 'default',
      roomId: 'shared-x',
      memberId: 'm-3',
      memberName: '财务3',
      unitCode: code(3),
      active: true,
      boundAt: new Date(),
    })
    expect((await repo.pendingDigest(roundId)).reachable.has(code(3))).toBe(true)
  })
})
