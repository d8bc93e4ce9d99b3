import type { Collection } from 'mongodb'
import type { Reach, UnitInfo } from '../../domain/reminder-reads.js'

/**
 * Every unit and every active binding, as the sweeps and the digest need them (projected), kept between
 * runs. A province round reads 16,000 of each, and decoding them is most of a cold sweep's Node CPU;
 * between two reminder slots (hours or days apart) they have almost never changed.
 *
 * Each use catches up instead of reading everything: per collection, its count (collection metadata)
 * and the documents stamped (`updatedAt`, the `{ updatedAt: -1 }` index) since the previous read
 * started, less SKEW_MS — usually none or a handful — deactivated bindings included, merged by `_id`.
 * Inserts and updates stamp `updatedAt` (mongoose stamps every write path: save, updateMany, bulkWrite)
 * and a binding deactivated (active: false) is an update. A write the previous read missed landed after
 * that read started, so its stamp is later than the read's start on this process's clock, unless the
 * writer's clock is behind ours: the margin covers that up to SKEW_MS. A delete moves only the count:
 * when the merged snapshot does not hold as many documents as the collection counts, it is read whole
 * again, as it is when FULL_MS have passed (a bound on what a write made outside mongoose could hide; a
 * round's reminder slots, 7 days before its due date to the day after, fit in it).
 */
const SKEW_MS = 10 * 60_000
const FULL_MS = 7 * 24 * 3600_000

export interface Snapshot {
  units: Map<string, UnitInfo>
  bindings: Reach[]
}

/** A document as read for the snapshot: its id (and a binding's `active`) beside the projected fields. */
export type Stamped<T> = T & { _id: { toHexString(): string } | string; active?: boolean }

interface Held {
  snapshot: Snapshot
  units: Map<string, UnitInfo>
  /** every binding by id; inactive ones as null, so that the map's size can be compared with the count */
  bindings: Map<string, Reach | null>
  /** Date.now() when its last read (whole or catch-up) started */
  readAt: number
  /** performance.now() of its last whole read */
  fullAt: number
}

export interface SnapshotReads {
  /**
   * the whole reads: every unit and every active binding (projected, with _id), and every
   * inactive binding's _id alone (active: false), so that the held map can be compared with the count
   */
  units: () => Promise<Stamped<UnitInfo>[]>
  bindings: () => Promise<Stamped<Reach>[]>
  /** documents stamped at or after `since`, bindings whatever their `active` (projected, with _id and active) */
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
  ) {}

  /** Whether a snapshot is held (then get() costs two counts and two small reads, not the whole collections). */
  get warm(): boolean {
    return this.held !== undefined && performance.now() - this.held.fullAt < FULL_MS
  }

  /** The snapshot, caught up, or read whole. */
  get(): Promise<Snapshot> {
    // concurrent callers (a sweep and the digest) share one catch-up or read
    this.reading ??= this.load().finally(() => (this.reading = undefined))
    return this.reading
  }

  private async load(): Promise<Snapshot> {
    const held = this.held
    if (!held || !this.warm) return this.whole()
    // anything the last read missed was written after it started: stamped since then, less the margin
    const since = new Date(held.readAt - SKEW_MS)
    const readAt = Date.now()
    const [unitCount, bindingCount, units, bindings] = await Promise.all([
      this.units.estimatedDocumentCount(),
      this.bindings.estimatedDocumentCount(),
      this.read.unitsSince(since),
      this.read.bindingsSince(since),
    ])
    if (units.length === 0 && bindings.length === 0) {
      // a delete moves only the count: the merge cannot see it
      if (held.units.size !== unitCount || held.bindings.size !== bindingCount) return this.whole()
      this.held = { ...held, readAt }
      return held.snapshot
    }
    const unitMap = new Map(held.units)
    for (const u of units) unitMap.set(idOf(u), strip(u))
    const bindingMap = new Map(held.bindings)
    for (const b of bindings) bindingMap.set(idOf(b), b.active === false ? null : strip(b))
    if (unitMap.size !== unitCount || bindingMap.size !== bindingCount) return this.whole()
    return this.keep(unitMap, bindingMap, readAt, held.fullAt)
  }

  private async whole(): Promise<Snapshot> {
    const fullAt = performance.now()
    const readAt = Date.now()
    const [units, bindings] = await Promise.all([this.read.units(), this.read.bindings()])
    const unitMap = new Map<string, UnitInfo>()
    for (const u of units) unitMap.set(idOf(u), strip(u))
    const bindingMap = new Map<string, Reach | null>()
    for (const b of bindings) bindingMap.set(idOf(b), b.active === false ? null : strip(b))
    return this.keep(unitMap, bindingMap, readAt, fullAt)
  }

  private keep(
    units: Map<string, UnitInfo>,
    bindings: Map<string, Reach | null>,
    readAt: number,
    fullAt: number,
  ): Snapshot {
    const byCode = new Map<string, UnitInfo>()
    for (const u of units.values()) byCode.set(u.code, u)
    const active: Reach[] = []
    for (const b of bindings.values()) if (b) active.push(b)
    const snapshot = { units: byCode, bindings: active }
    this.held = { snapshot, units, bindings, readAt, fullAt }
    return snapshot
  }
}

function idOf(d: { _id: { toHexString(): string } | string }): string {
  return typeof d._id === 'string' ? d._id : d._id.toHexString()
}

/** The projected fields alone: the snapshot's objects equal those of the small rounds' `$in` reads. */
function strip<T>(d: Stamped<T>): T {
  const { _id: _id, active: _active, ...rest } = d
  return rest as T
}
