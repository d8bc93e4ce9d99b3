import type { Connection } from 'mongoose'
import type { Indicator, Project, Unit } from '../../domain/types.js'
import { projectModel } from '../models/project.js'
import { unitModel } from '../models/unit.js'

export interface UpsertCount {
  inserted: number
  updated: number
}

/**
 * bulkWrite in batches of 1,000: mongoose casts every operation of a call synchronously, so one call of
 * 20,000 upserts held the event loop for seconds; between batches other requests are served.
 */
async function upsertInBatches<O>(
  ops: O[],
  write: (batch: O[]) => Promise<{ upsertedCount: number; matchedCount: number }>,
): Promise<UpsertCount> {
  let inserted = 0
  let updated = 0
  for (let i = 0; i < ops.length; i += 1000) {
    const r = await write(ops.slice(i, i + 1000))
    inserted += r.upsertedCount
    updated += r.matchedCount
  }
  return { inserted, updated }
}

/** The imports' writes (ImportService's ImportStore) on MongoDB: upserts of units and projects by natural code. */
export class ImportRepository {
  private units
  private projects
  constructor(conn: Connection) {
    this.units = unitModel(conn)
    this.projects = projectModel(conn)
  }

  async unitCodes(): Promise<string[]> {
    return this.units.distinct('code')
  }

  /** of `codes`, those that exist */
  async existingUnits(codes: readonly string[]): Promise<string[]> {
    return (await this.units.find({ code: { $in: [...codes] } }, { code: 1 }).lean()).map((u) => u.code)
  }

  /** the stored units of these codes, without their indicators (the import preview's before) */
  async unitsByCode(codes: readonly string[]): Promise<Omit<Unit, 'indicators'>[]> {
    return this.units
      .find({ code: { $in: [...codes] } }, { _id: 0, indicators: 0, __v: 0 })
      .lean<Omit<Unit, 'indicators'>[]>()
  }

  /** of these projects, the `unitCode/code` of those that exist */
  async existingProjects(keys: readonly { unitCode: string; code: string }[]): Promise<string[]> {
    if (keys.length === 0) return []
    const rows = await this.projects
      .find({ $or: keys.map((k) => ({ unitCode: k.unitCode, code: k.code })) }, { unitCode: 1, code: 1 })
      .lean()
    return rows.map((p) => `${p.unitCode}/${p.code}`)
  }

  upsertUnits(units: readonly Omit<Unit, 'indicators'>[]): Promise<UpsertCount> {
    const ops = units.map((value) => ({
      updateOne: { filter: { code: value.code }, update: { $set: value }, upsert: true },
    }))
    return upsertInBatches(ops, (batch) => this.units.bulkWrite(batch, { ordered: false }))
  }

  upsertProjects(projects: readonly Omit<Project, 'indicators'>[]): Promise<UpsertCount> {
    const ops = projects.map((value) => ({
      updateOne: { filter: { unitCode: value.unitCode, code: value.code }, update: { $set: value }, upsert: true },
    }))
    return upsertInBatches(ops, (batch) => this.projects.bulkWrite(batch, { ordered: false }))
  }

  /** Replaces the indicators of a project (or, without `projectCode`, of the unit's department table); true when it exists. */
  async setIndicators(unitCode: string, projectCode: string | undefined, list: Indicator[]): Promise<boolean> {
    const r = projectCode
      ? await this.projects.updateOne({ unitCode, code: projectCode }, { $set: { indicators: list } })
      : await this.units.updateOne({ code: unitCode }, { $set: { indicators: list } })
    return r.matchedCount > 0
  }
}
