import type { Project, Unit, UnitKind } from '../../domain/types.js'
import type { UnitScope } from '../access/principal.js'

/** The unit reads the directory needs (src/db/repositories/unit-repository.ts). */
export interface UnitReads {
  /** by code; a filter field left undefined does not filter */
  list(q: { kind?: UnitKind; parentCode?: string; code?: string; limit: number; offset: number }): Promise<Unit[]>
  codesUnder(parentCode: string): Promise<string[]>
  /** by unit and code; all projects when `unitCodes` is undefined */
  projects(q: { unitCodes?: string[]; limit: number; offset: number }): Promise<Project[]>
  brief(code: string): Promise<Pick<Unit, 'code' | 'parentCode' | 'name'> | null>
}

/** Read side of units and projects for the admin API: lean, paged, confined to the caller's scope. */
export class UnitDirectory {
  constructor(private readonly store: UnitReads) {}

  async units(
    scope: UnitScope,
    q: { kind?: UnitKind; parentCode?: string; limit: number; offset: number },
  ): Promise<Unit[]> {
    let parentCode = q.parentCode || undefined
    let code: string | undefined
    // a department sees its own units only: asking for another department's finds none
    if (scope.kind === 'department')
      parentCode = q.parentCode && q.parentCode !== scope.code ? '\u0000none' : scope.code
    if (scope.kind === 'unit') code = scope.code
    return this.store.list({ kind: q.kind || undefined, parentCode, code, limit: q.limit, offset: q.offset })
  }

  async projects(scope: UnitScope, q: { unitCode?: string; limit: number; offset: number }): Promise<Project[]> {
    let unitCodes: string[] | undefined = q.unitCode ? [q.unitCode] : undefined
    if (scope.kind !== 'all') {
      const allowed = scope.kind === 'unit' ? [scope.code] : await this.store.codesUnder(scope.code)
      unitCodes = unitCodes ? unitCodes.filter((c) => allowed.includes(c)) : allowed
    }
    return this.store.projects({ unitCodes, limit: q.limit, offset: q.offset })
  }

  unit(code: string): Promise<Pick<Unit, 'code' | 'parentCode' | 'name'> | null> {
    return this.store.brief(code)
  }
}
