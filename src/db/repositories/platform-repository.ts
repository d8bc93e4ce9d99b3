import type { Connection } from 'mongoose'
import type { Indicator, Project, ProjectFunds, Unit } from '../../domain/types.js'
import { projectModel } from '../models/project.js'
import { unitModel } from '../models/unit.js'

/** The provincial platform import's reads and writes on MongoDB, by natural code (PlatformStore in src/services/platform). */
export class PlatformRepository {
  private units
  private projects
  constructor(conn: Connection) {
    this.units = unitModel(conn)
    this.projects = projectModel(conn)
  }

  async projectsByCode(codes: readonly string[]): Promise<Project[]> {
    if (codes.length === 0) return []
    return this.projects
      .find({ code: { $in: codes } }, { _id: 0, createdAt: 0, updatedAt: 0, __v: 0 })
      .lean<Project[]>()
  }

  async unitsByCode(codes: readonly string[]): Promise<Pick<Unit, 'code' | 'name' | 'indicators'>[]> {
    if (codes.length === 0) return []
    return this.units
      .find({ code: { $in: codes } }, { _id: 0, code: 1, name: 1, indicators: 1 })
      .lean<Pick<Unit, 'code' | 'name' | 'indicators'>[]>()
  }

  async setFunds(
    unitCode: string,
    code: string,
    funds: ProjectFunds,
    executed?: Project['platformExecuted'],
  ): Promise<void> {
    await this.projects.updateOne(
      { unitCode, code },
      executed ? { $set: { funds, platformExecuted: executed } } : { $set: { funds } },
    )
  }

  async setIndicators(unitCode: string, projectCode: string | undefined, list: Indicator[]): Promise<void> {
    if (projectCode) await this.projects.updateOne({ unitCode, code: projectCode }, { $set: { indicators: list } })
    else await this.units.updateOne({ code: unitCode }, { $set: { indicators: list } })
  }
}
