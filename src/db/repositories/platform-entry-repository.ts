import type { Connection } from 'mongoose'
import type { PlatformEntry } from '../../domain/platform-entry.js'
import { roundModel } from '../models/round.js'
import { roundUnitModel } from '../models/round-unit.js'

/** The round units' platform entries on MongoDB (PlatformEntryService's PlatformEntryStore). */
export class PlatformEntryRepository {
  private rounds
  private roundUnits
  constructor(conn: Connection) {
    this.rounds = roundModel(conn)
    this.roundUnits = roundUnitModel(conn)
  }

  async roundExists(roundId: string): Promise<boolean> {
    return /^[0-9a-f]{24}$/.test(roundId) && Boolean(await this.rounds.exists({ _id: roundId }))
  }

  async openRoundIds(): Promise<string[]> {
    return (await this.rounds.find({ status: 'open' }, { _id: 1 }).lean()).map((r) => String(r._id))
  }

  /**
   * Sets the entry on the units of `unitCodes` that have none, in one update: a unit entered before
   * keeps its first entry (who and when), so a repeated 已录入 or a re-import changes nothing.
   */
  async mark(roundId: string, unitCodes: readonly string[], entry: PlatformEntry): Promise<void> {
    await this.roundUnits.updateMany(
      { roundId, unitCode: { $in: [...unitCodes] }, 'platformEntry.at': { $exists: false } },
      { $set: { platformEntry: entry } },
    )
  }

  /** The units of `unitCodes` that are in the round, with their entry when they have one. */
  async entries(
    roundId: string,
    unitCodes: readonly string[],
  ): Promise<{ unitCode: string; platformEntry?: PlatformEntry }[]> {
    return this.roundUnits
      .find({ roundId, unitCode: { $in: [...unitCodes] } }, { _id: 0, unitCode: 1, platformEntry: 1 })
      .lean<{ unitCode: string; platformEntry?: PlatformEntry }[]>()
  }

  /** false when the unit is not in the round */
  async clear(roundId: string, unitCode: string): Promise<boolean> {
    const r = await this.roundUnits.updateOne({ roundId, unitCode }, { $unset: { platformEntry: 1 } })
    return r.matchedCount > 0
  }
}
