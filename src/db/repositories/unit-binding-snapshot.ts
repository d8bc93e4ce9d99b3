import type { Collection } from 'mongodb'
import type { Reach, UnitInfo } from '../../domain/reminder-reads.js'

/**
 * Every unit and every active binding, as the sweeps and the digest need them (projected), kept between
 * runs. A province round reads 16,000 of each, and decoding them is most of a sweep's Node CPU; between
 * two sweeps five minutes apart they have almost never changed. Before it is used, a cheap check per
 * collection — its count (collection metadata) and its newest `updatedAt` (both schemas keep
 * timestamps; one indexed document) — is compared with the check taken just BEFORE the snapshot was
 * read, so a write that lands during the read makes the next check differ and the next run re-read.
 * Inserts and updates move the newest `updatedAt` (mongoose stamps every write path: save, updateMany,
 * bulkWrite), deletes move the count, and a binding deactivated (active: false) is an update. Writes made
 * from another process are seen too, since the check reads the database. What it cannot see — an update
 * stamped no later than the newest `updatedAt` already checked (another process's clock behind, or two
 * updates within the same millisecond around a snapshot read) — is bounded by MAX_AGE_MS, after which
 * the snapshot is read again whatever the check says.
 */
const MAX_AGE_MS = 10 * 60_000

export interface Snapshot {
  units: Map<string, UnitInfo>
  bindings: Reach[]
}

interface Stamp {
  count: number
  newest: number
}
type Stamps = [Stamp, Stamp]

export class UnitBindingSnapshot {
  private held?: { snapshot: Snapshot; stamps: Stamps; at: number }
  private reading?: Promise<Snapshot>

  constructor(
    private readonly units: Collection,
    private readonly bindings: Collection,
    /** the whole reads: every unit, every active binding (projected) */
    private readonly read: { units: () => Promise<UnitInfo[]>; bindings: () => Promise<Reach[]> },
    private readonly maxAgeMs = MAX_AGE_MS,
  ) {}

  /**
   * The snapshot, checked (two small reads per collection) or read again if anything changed. `stamps`:
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
    if (
      held &&
      performance.now() - held.at < this.maxAgeMs &&
      same(held.stamps[0], stamps[0]) &&
      same(held.stamps[1], stamps[1])
    )
      return held.snapshot
    const at = performance.now()
    const [units, bindings] = await Promise.all([this.read.units(), this.read.bindings()])
    const snapshot = { units: new Map(units.map((u) => [u.code, u])), bindings }
    this.held = { snapshot, stamps, at }
    return snapshot
  }
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
