import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { bindingModel } from '../../src/db/models/binding.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { unitModel } from '../../src/db/models/unit.js'
import { ReminderRepository } from '../../src/db/repositories/reminder-repository.js'
import type { PendingDue, Reach } from '../../src/services/reminders/reminder-store.js'
import { openTestDb, closeTestDb } from '../support/db.js'

/**
 * The sweeps' and the digest's bulk reads take another path for a large round (more than 2,000 pending
 * units: whole collections read side by side and cut in memory) than for a small one (`$in` lists).
 * Both must give the same units, reach and counts. N is chosen so that 2,160 units are pending.
 */
const N = 2400
const code = (i: number) => `U${String(i).padStart(5, '0')}`

describe('reminder repository: large-round reads equal the small-round ones', () => {
  let db: Connection
  let repo: ReminderRepository
  const roundId = 'R-big'

  beforeAll(async () => {
    db = await openTestDb('reminder_repo')
    for (const m of [unitModel(db), roundUnitModel(db), bindingModel(db)]) await m.init()
    const ids = Array.from({ length: N }, (_, i) => i)
    const boundAt = new Date('2027-07-01T00:00:00Z')
    await unitModel(db).collection.insertMany(
      ids.map((i) => ({
        code: code(i),
        name: `单位${i}`,
        kind: 'secondary',
        parentCode: `D${i % 7}`,
        tags: i % 5 ? [] : ['乡镇'],
        indicators: [],
        contacts: [{ name: `财务${i}`, phone: `139${i}`, role: 'finance' }],
      })),
    )
    await roundUnitModel(db).collection.insertMany(
      ids.map((i) => ({
        roundId,
        unitCode: code(i),
        forms: ['department', 'project'],
        submitted: i % 3 ? [] : ['department'],
        complete: i % 10 === 9,
        reopened: false,
      })),
    )
    // own rooms (i % 4 == 0), members in shared rooms of 50 (1), members without a room (2), nothing (3);
    // some inactive bindings; shared-room topics and a bureau room sharing a member room; bindings of other units
    const bindings: Record<string, unknown>[] = []
    for (const i of ids) {
      if (i % 4 === 0)
        bindings.push({
          kind: 'unit-room',
          account: 'default',
          roomId: `room-${i}`,
          roomTopic: `单位${i}群`,
          unitCode: code(i),
          active: i % 40 !== 0,
          boundAt,
        })
      if (i % 4 === 1)
        bindings.push({
          kind: 'member',
          account: 'b2',
          roomId: `shared-${Math.floor(i / 50)}`,
          memberId: `m-${i}`,
          memberName: `财务${i}`,
          unitCode: code(i),
          active: true,
          boundAt,
        })
      if (i % 4 === 2)
        bindings.push({
          kind: 'member',
          account: 'default',
          memberId: `p-${i}`,
          memberName: `财务${i}`,
          unitCode: code(i),
          active: true,
          boundAt,
        })
    }
    for (let r = 0; r <= N / 50; r++)
      bindings.push({
        kind: 'shared-room',
        account: 'b2',
        roomId: `shared-${r}`,
        roomTopic: `共享群${r}`,
        active: r % 3 !== 0,
        boundAt,
      })
    bindings.push({
      kind: 'bureau-room',
      account: 'default',
      roomId: 'shared-1',
      roomTopic: '局群',
      active: true,
      boundAt,
    })
    bindings.push({
      kind: 'unit-room',
      account: 'default',
      roomId: 'room-x',
      roomTopic: '他人群',
      unitCode: 'X-1',
      active: true,
      boundAt,
    })
    await bindingModel(db).collection.insertMany(bindings)
    repo = new ReminderRepository(db)
  }, 60_000)
  afterAll(async () => {
    await closeTestDb(db)
  })

  const sorted = (r: PendingDue) => ({
    statuses: [...r.statuses].sort((a, b) => a.unitCode.localeCompare(b.unitCode)),
    units: [...r.units].sort((a, b) => a.code.localeCompare(b.code)),
    reach: [...r.reach].map(norm).sort(),
  })
  const norm = (b: Reach) =>
    JSON.stringify([b.kind, b.account, b.roomId, b.roomTopic, b.unitCode, b.memberId, b.memberName])

  it('pendingDue: whole-collection reads (many) and $in reads give the same kept units, units and reach', async () => {
    // fewer than BIG_IN kept, so that `many: false` takes the $in path
    const few = (s: { unitCode: string }) => Number(s.unitCode.slice(1)) % 3 !== 2 && Number(s.unitCode.slice(1)) < 1500
    const whole = { units: 0, bindings: 0 }
    const r = repo as unknown as { allUnits: () => Promise<unknown>; activeBindings: () => Promise<unknown> }
    const [allUnits, activeBindings] = [r.allUnits.bind(repo), r.activeBindings.bind(repo)]
    r.allUnits = () => (whole.units++, allUnits())
    r.activeBindings = () => (whole.bindings++, activeBindings())
    const big = await repo.pendingDue(roundId, few, true)
    expect(whole).toEqual({ units: 1, bindings: 1 })
    const small = await repo.pendingDue(roundId, few, false)
    expect(whole).toEqual({ units: 1, bindings: 1 })
    expect(big.statuses.length).toBeGreaterThan(800)
    expect(sorted(big)).toEqual(sorted(small))
    // shared rooms of the kept members come with them (active ones only), the bureau room sharing one too
    const reach = sorted(big).reach.map((r) => JSON.parse(r) as string[])
    expect(reach.filter((r) => r[0] === 'shared-room').map((r) => r[2])).toEqual(
      expect.arrayContaining(['shared-1', 'shared-2']),
    )
    expect(reach.some((r) => r[0] === 'shared-room' && r[2] === 'shared-0')).toBe(false)
    expect(reach.some((r) => r[0] === 'bureau-room')).toBe(true)
    expect(reach.some((r) => r[4] === 'X-1' || r[2] === 'room-0')).toBe(false)
    // every pending unit kept: more than BIG_IN codes on either path
    const all = await repo.pendingDue(roundId, () => true, true)
    expect(all.statuses).toHaveLength(N - N / 10)
    expect(sorted(all)).toEqual(sorted(await repo.pendingDue(roundId, () => true, false)))
  })

  it('pendingDigest: the joined units, reachability and counts of a large round', async () => {
    const d = await repo.pendingDigest(roundId)
    expect(d.counts).toEqual({ total: N, complete: N / 10 })
    expect(d.pending).toHaveLength(N - N / 10)
    const one = d.pending.find((p) => p.status.unitCode === code(5))
    expect(one).toEqual({
      status: { unitCode: code(5), forms: ['department', 'project'], submitted: [], complete: false },
      unit: {
        code: code(5),
        name: '单位5',
        parentCode: 'D5',
        tags: ['乡镇'],
        contacts: [{ name: '财务5', phone: '1395', role: 'finance' }],
      },
    })
    const expected = d.pending
      .map((p) => Number(p.status.unitCode.slice(1)))
      .filter((i) => (i % 4 === 0 && i % 40 !== 0) || i % 4 === 1 || i % 4 === 2)
    expect([...d.reachable].sort()).toEqual(expected.map(code).sort())
  })
})
