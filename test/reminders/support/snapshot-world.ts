import type { Connection } from 'mongoose'
import { bindingModel } from '../../../src/db/models/binding.js'
import { roundUnitModel } from '../../../src/db/models/round-unit.js'
import { unitModel } from '../../../src/db/models/unit.js'
import { BindingRepository } from '../../../src/db/repositories/binding-repository.js'
import { ReminderRepository } from '../../../src/db/repositories/reminder-repository.js'
import type { PendingDue } from '../../../src/services/reminders/reminder-store.js'
import { openTestDb } from '../../support/db.js'

/** Units in a snapshot world: above the 2,000 pending units where the sweeps take the snapshot. */
export const SNAPSHOT_UNITS = 2100

export interface SnapshotWorld {
  db: Connection
  repo: ReminderRepository
  bindings: BindingRepository
  roundId: string
  code(i: number): string
  /** how many times the snapshot read every unit and every binding */
  whole: { units: number; bindings: number }
  sweep(): Promise<PendingDue>
  roomsOf(r: PendingDue, unit: string): (string | undefined)[]
  unitOf(r: PendingDue, unit: string): PendingDue['units'][number] | undefined
}

/**
 * A round of 2,100 pending units, every even one with its own group (the sweep-snapshot tests):
 * documents inserted raw, `stampedAt` as their timestamps when given; `inactive` units' groups unbound.
 */
export async function snapshotWorld(
  label: string,
  prefix: string,
  opts: { stampedAt?: Date; inactive?: number[] } = {},
): Promise<SnapshotWorld> {
  const db = await openTestDb(label)
  for (const m of [unitModel(db), roundUnitModel(db), bindingModel(db)]) await m.init()
  const roundId = `R-${label}`
  const code = (i: number) => `${prefix}${String(i).padStart(5, '0')}`
  const stamps = opts.stampedAt ? { createdAt: opts.stampedAt, updatedAt: opts.stampedAt } : {}
  const ids = Array.from({ length: SNAPSHOT_UNITS }, (_, i) => i)
  await unitModel(db).collection.insertMany(
    ids.map((i) => ({
      code: code(i),
      name: `单位${i}`,
      kind: 'secondary',
      tags: [],
      indicators: [],
      contacts: [{ name: `财务${i}`, role: 'finance' }],
      ...stamps,
    })),
  )
  await roundUnitModel(db).collection.insertMany(
    ids.map((i) => ({ roundId, unitCode: code(i), forms: ['project'], submitted: [], complete: false })),
  )
  await bindingModel(db).collection.insertMany(
    ids
      .filter((i) => i % 2 === 0)
      .map((i) => ({
        kind: 'unit-room',
        account: 'default',
        roomId: `room-${i}`,
        unitCode: code(i),
        active: !opts.inactive?.includes(i),
        boundAt: opts.stampedAt ?? new Date('2027-07-01T00:00:00Z'),
        ...stamps,
      })),
  )
  const repo = new ReminderRepository(db)
  const whole = { units: 0, bindings: 0 }
  // count the whole-collection reads behind the snapshot
  const r = repo as unknown as { allUnits: () => Promise<unknown>; activeBindings: () => Promise<unknown> }
  const [allUnits, activeBindings] = [r.allUnits.bind(repo), r.activeBindings.bind(repo)]
  r.allUnits = () => (whole.units++, allUnits())
  r.activeBindings = () => (whole.bindings++, activeBindings())
  return {
    db,
    repo,
    bindings: new BindingRepository(db),
    roundId,
    code,
    whole,
    sweep: () => repo.pendingDue(roundId, () => true, true),
    roomsOf: (p, unit) => p.reach.filter((b) => b.unitCode === unit && b.kind === 'unit-room').map((b) => b.roomId),
    unitOf: (p, unit) => p.units.find((u) => u.code === unit),
  }
}
