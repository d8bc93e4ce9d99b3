import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { bindingModel } from '../../src/db/models/binding.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { unitModel } from '../../src/db/models/unit.js'
import { BindingRepository } from '../../src/db/repositories/binding-repository.js'
import { ReminderRepository } from '../../src/db/repositories/reminder-repository.js'
import type { PendingDue } from '../../src/services/reminders/reminder-store.js'
import { openTestDb, closeTestDb } from '../support/db.js'

/**
 * A large round's sweeps (more than 2,000 pending units) take every unit and active binding from a
 * snapshot kept between sweeps (src/db/repositories/unit-binding-snapshot.ts). Each sweep checks it
 * first; a unit or binding written between two sweeps — by the repositories' ordinary write paths — must
 * be seen by the second sweep, and an unchanged database must not be read whole again.
 */
const N = 2100
const code = (i: number) => `S${String(i).padStart(5, '0')}`

describe('sweep snapshot of units and bindings', () => {
  let db: Connection
  let repo: ReminderRepository
  let bindings: BindingRepository
  const roundId = 'R-snap'
  const whole = { units: 0, bindings: 0 }
  const sweep = (): Promise<PendingDue> => repo.pendingDue(roundId, () => true, true)
  const roomsOf = (r: PendingDue, unit: string) =>
    r.reach.filter((b) => b.unitCode === unit && b.kind === 'unit-room').map((b) => b.roomId)
  const unitOf = (r: PendingDue, unit: string) => r.units.find((u) => u.code === unit)

  beforeAll(async () => {
    db = await openTestDb('sweep_snapshot')
    for (const m of [unitModel(db), roundUnitModel(db), bindingModel(db)]) await m.init()
    const ids = Array.from({ length: N }, (_, i) => i)
    await unitModel(db).collection.insertMany(
      ids.map((i) => ({
        code: code(i),
        name: `单位${i}`,
        kind: 'secondary',
        tags: [],
        indicators: [],
        contacts: [{ name: `财务${i}`, role: 'finance' }],
      })),
    )
    await roundUnitModel(db).collection.insertMany(
      ids.map((i) => ({ roundId, unitCode: code(i), forms: ['project'], submitted: [], complete: false })),
    )
    const boundAt = new Date('2027-07-01T00:00:00Z')
    await bindingModel(db).collection.insertMany(
      ids
        .filter((i) => i % 2 === 0)
        .map((i) => ({
          kind: 'unit-room',
          account: 'default',
          roomId: `room-${i}`,
          unitCode: code(i),
          active: true,
          boundAt,
        })),
    )
    repo = new ReminderRepository(db)
    bindings = new BindingRepository(db)
    // count the whole-collection reads behind the snapshot
    const r = repo as unknown as { allUnits: () => Promise<unknown>; activeBindings: () => Promise<unknown> }
    const [allUnits, activeBindings] = [r.allUnits.bind(repo), r.activeBindings.bind(repo)]
    r.allUnits = () => (whole.units++, allUnits())
    r.activeBindings = () => (whole.bindings++, activeBindings())
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
