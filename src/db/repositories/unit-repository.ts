import type { Connection } from 'mongoose'
import type { NoticeTargets } from '../../domain/notice-targets.js'
import type { Project, Unit, UnitKind } from '../../domain/types.js'
import { projectModel } from '../models/project.js'
import { unitModel } from '../models/unit.js'

/** The units a notice's targets name, as a query. */
function targetFilter(t: NoticeTargets): Record<string, unknown> {
  switch (t.kind) {
    case 'all':
      return {}
    case 'townships':
      return { kind: 'township' }
    case 'departments':
      return { kind: { $ne: 'township' } }
    case 'tag':
      return { tags: t.tag }
    case 'units':
      return { code: { $in: t.codes } }
  }
}

/**
 * Units and their projects on MongoDB: the reads UnitDirectory, TokenService and BindCodeService
 * declare (each its own narrow port). No cache: every read is one indexed query.
 */
export class UnitRepository {
  private units
  private projectsModel
  constructor(conn: Connection) {
    this.units = unitModel(conn)
    this.projectsModel = projectModel(conn)
  }

  /** Served by the unique { code } index, or { parentCode } for a department's units; by code. */
  list(q: { kind?: UnitKind; parentCode?: string; code?: string; limit: number; offset: number }): Promise<Unit[]> {
    const filter: Record<string, unknown> = {}
    if (q.kind) filter.kind = q.kind
    if (q.parentCode !== undefined) filter.parentCode = q.parentCode
    if (q.code !== undefined) filter.code = q.code
    return this.units.find(filter, { _id: 0, __v: 0 }).sort({ code: 1 }).skip(q.offset).limit(q.limit).lean<Unit[]>()
  }

  /** codes of the units under a department */
  async codesUnder(parentCode: string): Promise<string[]> {
    return (await this.units.find({ parentCode }, { code: 1 }).lean()).map((u) => u.code)
  }

  /** Served by the unique { unitCode, code } index; all projects when `unitCodes` is undefined. */
  projects(q: { unitCodes?: string[]; limit: number; offset: number }): Promise<Project[]> {
    const filter = q.unitCodes ? { unitCode: { $in: q.unitCodes } } : {}
    return this.projectsModel
      .find(filter, { _id: 0, __v: 0 })
      .sort({ unitCode: 1, code: 1 })
      .skip(q.offset)
      .limit(q.limit)
      .lean<Project[]>()
  }

  brief(code: string): Promise<Pick<Unit, 'code' | 'parentCode' | 'name'> | null> {
    return this.units.findOne({ code }, { _id: 0, code: 1, parentCode: 1, name: 1 }).lean()
  }

  async exists(code: string): Promise<boolean> {
    return Boolean(await this.units.exists({ code }))
  }

  async kindOf(code: string): Promise<UnitKind | null> {
    return (await this.units.findOne({ code }, { kind: 1 }).lean())?.kind ?? null
  }

  /** code → name of those of `codes` that exist */
  async names(codes: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.units.find({ code: { $in: codes } }, { code: 1, name: 1 }).lean()
    return new Map(rows.map((u) => [u.code, u.name]))
  }

  async named(code: string): Promise<{ code: string; name: string } | null> {
    const u = await this.units.findOne({ code }, { code: 1, name: 1 }).lean()
    return u ? { code: u.code, name: u.name } : null
  }

  /** up to `limit` units whose name contains `part` (taken literally) */
  async nameContains(part: string, limit: number): Promise<{ code: string; name: string }[]> {
    const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const rows = await this.units
      .find({ name: { $regex: escaped } }, { code: 1, name: 1 })
      .limit(limit)
      .lean()
    return rows.map((u) => ({ code: u.code, name: u.name }))
  }

  /** the units a notice's targets name, by code */
  targeted(targets: NoticeTargets): Promise<Pick<Unit, 'code' | 'name' | 'contacts'>[]> {
    return this.units
      .find(targetFilter(targets), { _id: 0, code: 1, name: 1, contacts: 1 })
      .sort({ code: 1 })
      .lean<Pick<Unit, 'code' | 'name' | 'contacts'>[]>()
  }

  /** of `codes`, those that exist */
  async existing(codes: readonly string[]): Promise<string[]> {
    return (await this.units.find({ code: { $in: [...codes] } }, { code: 1 }).lean()).map((u) => u.code)
  }

  /** every unit's code, and of every project its unit and whether the county arranged it */
  async codesAndProjects(): Promise<{ units: string[]; projects: Pick<Project, 'unitCode' | 'countyArranged'>[] }> {
    const [units, projects] = await Promise.all([
      this.units.find({}, { code: 1 }).lean(),
      this.projectsModel.find({}, { unitCode: 1, countyArranged: 1 }).lean(),
    ])
    return {
      units: units.map((u) => u.code),
      projects: projects.map((p) => ({ unitCode: p.unitCode, countyArranged: p.countyArranged })),
    }
  }

  /** A unit and its projects by code, as a form needs them (null unit: no such unit). */
  /**
   * The unit and its projects (by code) in one command: a `$lookup` from the unit's document (the form
   * context of every first chat turn and mini-program form reads it). Through the driver: the result
   * is the same as lean mongoose queries, without their casting. No unit, no projects (every caller
   * refuses a missing unit).
   */
  async withProjects(code: string): Promise<{ unit: Unit | null; projects: Project[] }> {
    const [row] = await this.units.collection
      .aggregate<Unit & { _id?: unknown; __v?: unknown; projects: (Project & { _id?: unknown; __v?: unknown })[] }>([
        { $match: { code } },
        { $limit: 1 },
        {
          $lookup: {
            from: this.projectsModel.collection.collectionName,
            localField: 'code',
            foreignField: 'unitCode',
            as: 'projects',
          },
        },
      ])
      .toArray()
    if (!row) return { unit: null, projects: [] }
    const { _id, __v, projects, ...unit } = row
    return {
      unit,
      projects: projects
        .map(({ _id: _p, __v: _pv, ...p }) => p)
        // by code, as the server sorted them (it compares UTF-8 bytes, this UTF-16 units: the same order below U+E000)
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    }
  }

  /** name, kind and 主管部门 of these units (undefined: of every unit), for the round board */
  async facts(
    codes?: readonly string[],
  ): Promise<Map<string, { name: string; kind: Unit['kind']; parentCode?: string }>> {
    const filter = codes ? { code: { $in: [...codes] } } : {}
    const rows = await this.units.find(filter, { _id: 0, code: 1, name: 1, kind: 1, parentCode: 1 }).lean()
    return new Map(rows.map((u) => [u.code, { name: u.name, kind: u.kind, parentCode: u.parentCode }]))
  }

  /** names of the units in a scope: all, one unit, or a department's units (unique code or parentCode index) */
  async namesIn(scope: { kind: 'all' } | { kind: 'unit' | 'department'; code: string }): Promise<Map<string, string>> {
    const filter = scope.kind === 'all' ? {} : scope.kind === 'unit' ? { code: scope.code } : { parentCode: scope.code }
    const units = await this.units.find(filter, { code: 1, name: 1 }).lean()
    return new Map(units.map((u) => [u.code, u.name]))
  }

  /** the units in a scope (code, name, parentCode) */
  inScope(
    scope: { kind: 'all' } | { kind: 'unit' | 'department'; code: string },
  ): Promise<Pick<Unit, 'code' | 'name' | 'parentCode'>[]> {
    const filter = scope.kind === 'all' ? {} : scope.kind === 'unit' ? { code: scope.code } : { parentCode: scope.code }
    return this.units
      .find(filter, { _id: 0, code: 1, name: 1, parentCode: 1 })
      .lean<Pick<Unit, 'code' | 'name' | 'parentCode'>[]>()
  }

  /** the units with what their department table needs (budget, indicators), by code */
  withBudgets(codes: readonly string[]): Promise<Unit[]> {
    return this.units
      .find({ code: { $in: [...codes] } }, { _id: 0, code: 1, name: 1, parentCode: 1, budget: 1, indicators: 1 })
      .sort({ code: 1 })
      .lean<Unit[]>()
  }

  /** the units' projects, by unit and code */
  projectsOf(unitCodes: readonly string[]): Promise<Project[]> {
    return this.projectsModel
      .find({ unitCode: { $in: [...unitCodes] } }, { _id: 0, __v: 0 })
      .sort({ unitCode: 1, code: 1 })
      .lean<Project[]>()
  }
}
