import type { Indicator, Project, Unit } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { indicatorRow, projectRow, unitRow, type RowResult } from './import-rows.js'
import { readTable, type TableFormat, type TableRow } from '../spreadsheets/table-file.js'
import type { TableLimits } from '../spreadsheets/table-limits.js'
import { unitFieldChanges, type UnitImportPreview } from './unit-import-diff.js'

export interface RowError {
  row: number
  messages: string[]
}

export interface ImportReport {
  rows: number
  inserted: number
  updated: number
}

/** Where imports write (src/db/repositories/import-repository.ts). */
export interface ImportStore {
  unitCodes(): Promise<string[]>
  /** of `codes`, those that exist */
  existingUnits(codes: readonly string[]): Promise<string[]>
  /** the stored units of these codes (for the import preview's before → after) */
  unitsByCode(codes: readonly string[]): Promise<Omit<Unit, 'indicators'>[]>
  /** of these projects, the `unitCode/code` of those that exist */
  existingProjects(keys: readonly { unitCode: string; code: string }[]): Promise<string[]>
  upsertUnits(units: readonly Omit<Unit, 'indicators'>[]): Promise<{ inserted: number; updated: number }>
  upsertProjects(projects: readonly Omit<Project, 'indicators'>[]): Promise<{ inserted: number; updated: number }>
  /** replaces the indicators of a project (or of the unit's department table); true when it exists */
  setIndicators(unitCode: string, projectCode: string | undefined, list: Indicator[]): Promise<boolean>
}

/**
 * Imports of units, projects and indicators from CSV or XLSX, upserting by natural code. All rows are
 * checked before anything is written: one bad row makes the whole file a 422 with every row's problems,
 * and nothing changes (no transactions needed — the write happens only after the check).
 */
export class ImportService {
  constructor(
    private readonly store: ImportStore,
    private readonly limits: TableLimits,
  ) {}

  async importUnits(format: TableFormat, data: Buffer): Promise<ImportReport> {
    const parsed = await this.checkUnits(format, data)
    const r = await this.store.upsertUnits(parsed.map((u) => u.value))
    return { rows: parsed.length, ...r }
  }

  /**
   * The dry run of importUnits: what the file would add and change (field by field, before → after), or
   * every row that keeps it from being imported — as data, not a 422, since showing them is the point.
   * Units absent from the file are left as they are by the import, so they are not listed.
   */
  async previewUnits(format: TableFormat, data: Buffer): Promise<UnitImportPreview> {
    let parsed: Parsed<Omit<Unit, 'indicators'>>
    try {
      parsed = await this.checkUnits(format, data)
    } catch (e) {
      const rows = e instanceof AppError && e.status === 422 ? (e.details as { rows?: RowError[] })?.rows : undefined
      if (!rows) throw e
      return { rows: 0, added: [], changed: [], unchanged: 0, errors: rows }
    }
    const stored = new Map((await this.store.unitsByCode(parsed.map((u) => u.value.code))).map((u) => [u.code, u]))
    const preview: UnitImportPreview = { rows: parsed.length, added: [], changed: [], unchanged: 0, errors: [] }
    for (const { row, value } of parsed) {
      const before = stored.get(value.code)
      if (!before) {
        preview.added.push({ row, code: value.code, name: value.name, kind: value.kind, parentCode: value.parentCode })
        continue
      }
      const fields = unitFieldChanges(before, value)
      if (fields.length) preview.changed.push({ row, code: value.code, name: value.name, fields })
      else preview.unchanged++
    }
    return preview
  }

  /** Every row parsed and its parent known, or a 422 naming each bad row. */
  private async checkUnits(format: TableFormat, data: Buffer): Promise<Parsed<Omit<Unit, 'indicators'>>> {
    const rows = await readTable(format, data, this.limits)
    const parsed = checkRows(rows, unitRow, (u) => u.code)
    const known = new Set([...parsed.map((u) => u.value.code), ...(await this.store.unitCodes())])
    failIfAny(
      parsed.flatMap((u) =>
        u.value.parentCode && !known.has(u.value.parentCode)
          ? [{ row: u.row, messages: [`主管部门代码：${u.value.parentCode} 不存在`] }]
          : [],
      ),
    )
    return parsed
  }

  async importProjects(format: TableFormat, data: Buffer): Promise<ImportReport> {
    const rows = await readTable(format, data, this.limits)
    const parsed = checkRows(rows, projectRow, (p) => `${p.unitCode}/${p.code}`)
    await this.checkUnitsExist(parsed.map((p) => ({ row: p.row, unitCode: p.value.unitCode })))
    const r = await this.store.upsertProjects(parsed.map((p) => p.value))
    return { rows: parsed.length, ...r }
  }

  /** Replaces the indicator list of every project (or department table) named in the file. */
  async importIndicators(format: TableFormat, data: Buffer): Promise<ImportReport> {
    const rows = await readTable(format, data, this.limits)
    const parsed = checkRows(rows, indicatorRow, (i) => `${i.unitCode}/${i.projectCode ?? ''}/${i.indicator.code}`)
    await this.checkUnitsExist(parsed.map((p) => ({ row: p.row, unitCode: p.value.unitCode })))
    const groups = new Map<string, { unitCode: string; projectCode?: string; rows: number[]; list: Indicator[] }>()
    for (const { row, value } of parsed) {
      const key = `${value.unitCode}/${value.projectCode ?? ''}`
      const g = groups.get(key) ?? { unitCode: value.unitCode, projectCode: value.projectCode, rows: [], list: [] }
      g.rows.push(row)
      g.list.push(value.indicator)
      groups.set(key, g)
    }
    const projectKeys = [...groups.values()].filter((g) => g.projectCode)
    const have = new Set(
      await this.store.existingProjects(projectKeys.map((g) => ({ unitCode: g.unitCode, code: g.projectCode ?? '' }))),
    )
    failIfAny(
      projectKeys
        .filter((g) => !have.has(`${g.unitCode}/${g.projectCode}`))
        .flatMap((g) => g.rows.map((row) => ({ row, messages: [`项目代码：${g.projectCode} 不存在`] }))),
    )
    let updated = 0
    for (const g of groups.values()) {
      if (await this.store.setIndicators(g.unitCode, g.projectCode, g.list)) updated++
    }
    return { rows: parsed.length, inserted: 0, updated }
  }

  private async checkUnitsExist(refs: { row: number; unitCode: string }[]): Promise<void> {
    const codes = [...new Set(refs.map((r) => r.unitCode))]
    const found = new Set(await this.store.existingUnits(codes))
    failIfAny(
      refs
        .filter((r) => !found.has(r.unitCode))
        .map((r) => ({ row: r.row, messages: [`单位代码：${r.unitCode} 不存在`] })),
    )
  }
}

type Parsed<T> = { row: number; value: T }[]

function checkRows<T>(
  rows: TableRow[],
  parse: (v: Record<string, string>) => RowResult<T>,
  keyOf: (v: T) => string,
): { row: number; value: T }[] {
  if (rows.length === 0) throw AppError.badRequest('文件没有数据行')
  const errors: RowError[] = []
  const out: { row: number; value: T }[] = []
  const seen = new Map<string, number>()
  for (const r of rows) {
    const p = parse(r.values)
    if (!p.ok) {
      errors.push({ row: r.row, messages: p.errors })
      continue
    }
    const key = keyOf(p.value)
    const first = seen.get(key)
    if (first !== undefined) errors.push({ row: r.row, messages: [`与第 ${first} 行重复（${key}）`] })
    else seen.set(key, r.row)
    out.push({ row: r.row, value: p.value })
  }
  failIfAny(errors)
  return out
}

function failIfAny(errors: RowError[]): void {
  if (errors.length > 0) throw AppError.invalid(`文件有 ${errors.length} 行有误，未导入任何数据`, { rows: errors })
}
