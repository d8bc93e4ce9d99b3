import type { Collection } from 'mongodb'
import type { Reach, UnitInfo } from '../../domain/reminder-reads.js'

/**
 * Every unit and every active binding, as the sweeps and the digest need them (projected), kept between
 * runs. A province round reads 16,000 of each, and decoding them is most of a sweep's Node CPU; between
 * two reminder slots (hours or days apart) they have almost never changed. Before it is used, a cheap
 * check per collection — its count (collection metadata) and its newest `updatedAt` (both schemas keep
 * timestamps; one indexed document) — is compared with the check taken just BEFORE the snapshot was
 * read, so a write that lands during the read makes the next check differ.
 *
 * When the check differs, or the snapshot is older than TRUST_MS, it is brought up to date by reading
 * only the documents stamped since its newest `updatedAt` less SKEW_MS (the `{ updatedAt: -1 }` index),
 * deactivated bindings included, merged by `_id`. The margin covers what the check alone cannot see:
 * an update stamped no later than the newest one already checked (another process's clock behind by
 * less than SKEW_MS, or two updates within the same millisecond around a read). Inserts and updates move
 * `updatedAt` (mongoose stamps every write path: save, updateMany, bulkWrite), a binding deactivated
 * (active: false) is an update, and deletes move the count: when the merged snapshot does not hold as
 * many documents as the collection counts, it is read whole again, as it is when FULL_MS have passed.
 */
const TRUST_MS = 10 * 60_000
const SKEW_MS = 10 * 60_000
const FULL_MS = 7 * 24 * 3600_000

export interface Snapshot {
  units: Map<string, UnitInfo>
  bindings: Reach[]
}

/** A document as read for the snapshot: its id and stamp kept beside the projected fields. */
export type Stamped<T> = T & { _id: { toHexString(): string } | string; updatedAt?: Date; active?: boolean }

interface Stamp {
  count: number
  newest: number
}
type Stamps = [Stamp, Stamp]

interface Held {
  snapshot: Snapshot
  units: Map<string, UnitInfo>
  /** every binding by id; inactive ones as null, so that the map's size can be compared with the count */
  bindings: Map<string, Reach | null>
  stamps: Stamps
  /** performance.now() of the last check that brought it up to date, and of its last whole read */
  at: number
  fullAt: number
}

export interface SnapshotReads {
  /**
   * the whole reads: every unit and every active binding (projected, with _id), and every inactive
   * binding's _id alone (active: false), so that the held map can be compared with the collection's count
   */
  units: () => Promise<Stamped<UnitInfo>[]>
  bindings: () => Promise<Stamped<Reach>[]>
  /** documents stamped at or after `since`, bindings whatever their `active` (projected, with _id, active) */
  unitsSince: (since: Date) => Promise<Stamped<UnitInfo>[]>
  bindingsSince: (since: Date) => Promise<Stamped<Reach>[]>
}

export class UnitBindingSnapshot {
  private held?: Held
  private reading?: Promise<Snapshot>

  constructor(
    private readonly units: Collection,
    private readonly bindings: Collection,
    private readonly read: SnapshotReads,
    private readonly trustMs = TRUST_MS,
  ) {}

  /**
   * The snapshot, checked (two small reads per collection), brought up to date, or read again. `stamps`:
   * the check, started earlier by the caller (stamps()) beside its own reads.
   */
  get(stamps?: Promise<Stamps>): Promise<Snapshot> {
    // concurrent callers (a sweep and the digest) share one check or read
    this.reading ??= this.load(stamps ?? this.stamps()).finally(() => (this.reading = undefined))
    return this.reading
  }

  /** The check: each collection's count and newest updatedAt, now. */
  stamps(): Promise<Stamps> {
    return Promise.all([stampOf(this.units), stampOf(this.bindings)])
  }

  private async load(checked: Promise<Stamps>): Promise<Snapshot> {
    const stamps = await checked
    const held = this.held
    const now = performance.now()
    if (!held || now - held.fullAt >= FULL_MS) return this.whole(stamps, now)
    if (now - held.at < this.trustMs && same(held.stamps[0], stamps[0]) && same(held.stamps[1], stamps[1]))
      return held.snapshot
    const since = (s: Stamp) => new Date(Math.max(0, s.newest - SKEW_MS))
    const [units, bindings] = await Promise.all([
      this.read.unitsSince(since(held.stamps[0])),
      this.read.bindingsSince(since(held.stamps[1])),
    ])
    if (
      units.length === 0 &&
      bindings.length === 0 &&
      held.units.size === stamps[0].count &&
      held.bindings.size === stamps[1].count
    ) {
      this.held = { ...held, stamps, at: now }
      return held.snapshot
    }
    const unitMap = new Map(held.units)
    for (const u of units) unitMap.set(idOf(u), strip(u))
    const bindingMap = new Map(held.bindings)
    for (const b of bindings) bindingMap.set(idOf(b), b.active === false ? null : strip(b))
    // a delete moves only the count: the merge cannot see it
    if (unitMap.size !== stamps[0].count || bindingMap.size !== stamps[1].count) return this.whole(stamps, now)
    return this.keep(unitMap, bindingMap, stamps, now, held.fullAt)
  }

  private async whole(stamps: Stamps, now: number): Promise<Snapshot> {
    const [units, bindings] = await Promise.all([this.read.units(), this.read.bindings()])
    const unitMap = new Map<string, UnitInfo>()
    for (const u of units) unitMap.set(idOf(u), strip(u))
    const bindingMap = new Map<string, Reach | null>()
    for (const b of bindings) bindingMap.set(idOf(b), b.active === false ? null : strip(b))
    return this.keep(unitMap, bindingMap, stamps, now, now)
  }

  private keep(
    units: Map<string, UnitInfo>,
    bindings: Map<string, Reach | null>,
    stamps: Stamps,
    at: number,
    fullAt: number,
  ): Snapshot {
    const byCode = new Map<string, UnitInfo>()
    for (const u of units.values()) byCode.set(u.code, u)
    const active: Reach[] = []
    for (const b of bindings.values()) if (b) active.push(b)
    const snapshot = { units: byCode, bindings: active }
    this.held = { snapshot, units, bindings, stamps, at, fullAt }
    return snapshot
  }
}

function idOf(d: { _id: { toHexString(): string } | string }): string {
  return typeof d._id === 'string' ? d._id : d._id.toHexString()
}

/** The projected fields without the bookkeeping ones (the services compare and spread these objects). */
function strip<T>(d: Stamped<T>): T {
  const { _id, updatedAt, active, ...rest } = d
  void _id
  void updatedAt
  void active
  return rest as T
}

async function stampOf(c: Collection): Promise<Stamp> {
  const [count, newest] = await Promise.all([
    c.estimatedDocumentCount(),
    c.find({}, { projection: { _id: 0, updatedAt: 1 }, sort: { updatedAt: -1 }, limit: 1 }).toArray(),
  ])
  const at: unknown = newest[0]?.updatedAt
  return { count, newest: at instanceof Date ? at.getTime() : -1 }
}

function same(a: Stamp, b: Stamp): boolean {
  return a.count === b.count && a.newest === b.newest
}
