import type { AdminRole } from '../../domain/admin-token.js'
import { AppError } from '../../errors.js'

export type { AdminRole }
/** 'unit' is a mini-program user acting for the unit they bound to. */
export type RoleName = AdminRole | 'unit'

/** Who is calling: an admin token holder or a mini-program user. */
export type Principal =
  | { kind: 'admin'; role: AdminRole; name: string; tokenId: string; unitCode?: string }
  | { kind: 'unit'; role: 'unit'; openid: string; unitCode?: string }

/**
 * Which units a caller may see: the bureau sees all, a department reviewer the secondary units under its
 * 主管部门, a unit only itself. Services turn it into a query filter, so no list can leak another unit.
 */
export type UnitScope = { kind: 'all' } | { kind: 'department'; code: string } | { kind: 'unit'; code: string }

export function scopeOf(p: Principal): UnitScope {
  if (p.kind === 'unit') {
    if (!p.unitCode) throw AppError.forbidden('请先绑定单位')
    return { kind: 'unit', code: p.unitCode }
  }
  if (p.role === 'dept_reviewer') return { kind: 'department', code: p.unitCode ?? '' }
  return { kind: 'all' }
}

export function actorOf(p: Principal): string {
  return p.kind === 'admin' ? `admin:${p.name}` : `mp:${p.openid}`
}

/** True when a unit (with its parent department) lies inside the scope. */
export function inScope(scope: UnitScope, unit: { code: string; parentCode?: string }): boolean {
  if (scope.kind === 'all') return true
  if (scope.kind === 'unit') return unit.code === scope.code
  return unit.parentCode === scope.code
}
