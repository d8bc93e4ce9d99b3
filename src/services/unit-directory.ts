import type { Connection } from 'mongoose'
import { projectModel } from '../db/models/project.js'
import { unitModel } from '../db/models/unit.js'
import type { Project, Unit, UnitKind } from '../domain/types.js'
import type { UnitScope } from './principal.js'

/** Read side of units and projects for the admin API: lean, paged, confined to the caller's scope. */
export class UnitDirectory {
  private unitsModel
  private projectsModel
  constructor(conn: Connection) {
    this.unitsModel = unitModel(conn)
    this.projectsModel = projectModel(conn)
  }

  /** Served by the unique { code } index, or { parentCode } for a department's units. */
  async units(scope: UnitScope, q: { kind?: UnitKind; parentCode?: string; limit: number; offset: number }): Promise<Unit[]> {
    const filter: Record<string, unknown> = {}
    if (q.kind) filter.kind = q.kind
    if (q.parentCode) filter.parentCode = q.parentCode
    if (scope.kind === 'department') filter.parentCode = q.parentCode && q.parentCode !== scope.code ? '\u0000none' : scope.code
    if (scope.kind === 'unit') filter.code = scope.code
    return this.unitsModel.find(filter, { _id: 0, __v: 0 }).sort({ code: 1 }).skip(q.offset).limit(q.limit).lean<Unit[]>()
  }

  /** Served by the unique { unitCode, code } index. */
  async projects(scope: UnitScope, q: { unitCode?: string; limit: number; offset: number }): Promise<Project[]> {
    let unitCodes: string[] | undefined = q.unitCode ? [q.unitCode] : undefined
    if (scope.kind !== 'all') {
      const allowed = scope.kind === 'unit' ? [scope.code] : (await this.unitsModel.find({ parentCode: scope.code }, { code: 1 }).lean()).map((u) => u.code)
      unitCodes = unitCodes ? unitCodes.filter((c) => allowed.includes(c)) : allowed
    }
    const filter = unitCodes ? { unitCode: { $in: unitCodes } } : {}
    return this.projectsModel.find(filter, { _id: 0, __v: 0 }).sort({ unitCode: 1, code: 1 }).skip(q.offset).limit(q.limit).lean<Project[]>()
  }

  unit(code: string): Promise<Pick<Unit, 'code' | 'parentCode' | 'name'> | null> {
    return this.unitsModel.findOne({ code }, { _id: 0, code: 1, parentCode: 1, name: 1 }).lean()
  }
}
