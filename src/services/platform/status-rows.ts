import type { PlatformLayout } from './platform-mapping.js'
import type { PlatformRow } from './platform-row.js'

/** One row of the platform's status export: a unit's (or one of its projects') workflow status. */
export interface StatusRow {
  row: number
  unitCode?: string
  projectCode?: string
  status: string
  /** the status is one of the mapping's enteredStatuses */
  entered: boolean
}

const SUBTOTAL = /^(合计|总计|小计)$/

/**
 * A row of the status export, or null for a row to pass over (blank, or a 合计 line). A row needs a
 * unit or project code and a status; the status is compared as the platform writes it (spaces out).
 */
export function statusRow(r: PlatformRow, layout: PlatformLayout): StatusRow | null {
  if (r.blank()) return null
  const unitCode = r.text('unitCode') || undefined
  const projectCode = r.text('projectCode') || undefined
  if (!unitCode && !projectCode) {
    if ([r.text('unitName'), r.text('status')].some((t) => SUBTOTAL.test(t))) return null
    r.fail(r.has('unitCode') ? 'unitCode' : 'projectCode', '单位代码或项目代码必填')
    return null
  }
  const status = r.text('status').replace(/\s+/g, '')
  if (status === '') {
    r.fail('status', '状态必填')
    return null
  }
  const entered = (layout.enteredStatuses ?? []).some((s) => s.replace(/\s+/g, '') === status)
  return { row: r.row, unitCode, projectCode, status, entered }
}
