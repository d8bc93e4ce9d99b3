import type { PlatformEntry } from '../../domain/platform-entry.js'
import type { PlatformEntryService } from '../rounds/platform-entry-service.js'
import type { TableFormat } from '../spreadsheets/table-file.js'
import type { TableLimits } from '../spreadsheets/table-limits.js'
import type { PlatformStore } from './platform-import-service.js'
import type { PlatformMapping } from './platform-mapping.js'
import type { PlatformRow } from './platform-row.js'
import { failIfAny, readPlatformSheet } from './platform-sheet.js'
import { statusRow, type StatusRow } from './status-rows.js'

/** What a status import did (or, with dryRun, would do) in one round. */
export interface StatusImportReport {
  kind: 'status'
  dryRun: boolean
  roundId: string
  rows: number
  /** entered by this import */
  marked: string[]
  /** entered before: their first entry stands */
  already: { unitCode: string; platformEntry: PlatformEntry }[]
  /** known units the round does not include */
  notInRound: string[]
  /** codes the directory does not know: unit codes, or the project codes of rows without a unit code */
  unknown: string[]
  /** units with a row whose status is not an entered one (so the unit is not marked), with those rows */
  notEntered: { unitCode: string; rows: { row: number; status: string; projectCode?: string }[] }[]
}

/**
 * Reads the platform's status export (the mapping's statusExport layout) and marks 已录入 for the units
 * it shows as entered. The rule: a unit counts as entered when ALL its rows (one per unit, or one per
 * project) are in one of the mapping's enteredStatuses — one project still 待送审 or 被退回 keeps the whole
 * unit out, since its figures are not all in the platform yet. A row without a unit code finds its unit
 * by 项目代码. Bad cells are a 422 with every problem by row and column, and nothing is marked.
 */
export class PlatformStatusImport {
  constructor(
    private readonly store: Pick<PlatformStore, 'projectsByCode' | 'unitsByCode'>,
    private readonly entries: Pick<PlatformEntryService, 'markEntered' | 'roundFor'>,
    private readonly mapping: PlatformMapping,
    private readonly limits: TableLimits,
  ) {}

  async import(
    format: TableFormat,
    data: Buffer,
    options: { roundId?: string; dryRun: boolean; by: string },
  ): Promise<StatusImportReport> {
    const roundId = await this.entries.roundFor(options.roundId)
    const { layout, rows, errors } = await readPlatformSheet(this.mapping, 'statusExport', format, data, this.limits)
    const parsed = [...rows.values()].flatMap((r) => statusRow(r, layout) ?? [])
    const { units, unknown } = await this.unitsOf(parsed, rows)
    failIfAny(errors, parsed.length)
    const byUnit = new Map<string, StatusRow[]>()
    parsed.forEach((s, i) => {
      const u = units[i]
      if (u) byUnit.set(u, [...(byUnit.get(u) ?? []), s])
    })
    const entered = [...byUnit].filter(([, list]) => list.every((s) => s.entered)).map(([u]) => u)
    const notEntered = [...byUnit].flatMap(([unitCode, list]) => {
      const open = list.filter((s) => !s.entered)
      return open.length === 0
        ? []
        : [
            {
              unitCode,
              rows: open.map((s) => ({
                row: s.row,
                status: s.status,
                ...(s.projectCode ? { projectCode: s.projectCode } : {}),
              })),
            },
          ]
    })
    const result = await this.entries.markEntered(roundId, entered, 'import', options.by, { dryRun: options.dryRun })
    return {
      kind: 'status',
      dryRun: options.dryRun,
      roundId,
      rows: parsed.length,
      marked: result.marked,
      already: result.already,
      notInRound: result.notInRound,
      unknown,
      notEntered,
    }
  }

  /**
   * The unit of each row: its 单位代码 when the directory knows it, else the unit of its 项目代码. A project
   * code several units use, on a row without a unit code, is a cell error; unknown codes are reported.
   */
  private async unitsOf(
    parsed: StatusRow[],
    rows: Map<number, PlatformRow>,
  ): Promise<{ units: (string | undefined)[]; unknown: string[] }> {
    const known = new Set(
      (await this.store.unitsByCode([...new Set(parsed.flatMap((s) => s.unitCode ?? []))])).map((u) => u.code),
    )
    const byProject = parsed.filter((s) => !s.unitCode).map((s) => s.projectCode ?? '')
    const projects = await this.store.projectsByCode([...new Set(byProject)])
    const unknown = new Set<string>()
    const units = parsed.map((s) => {
      if (s.unitCode) {
        if (!known.has(s.unitCode)) unknown.add(s.unitCode)
        return known.has(s.unitCode) ? s.unitCode : undefined
      }
      const same = projects.filter((p) => p.code === s.projectCode)
      if (same.length === 0) unknown.add(s.projectCode ?? '')
      if (same.length > 1)
        rows
          .get(s.row)
          ?.fail(
            'projectCode',
            `项目代码 ${s.projectCode} 在单位 ${same.map((p) => p.unitCode).join('、')} 都有，请在文件中加上单位代码`,
          )
      return same.length === 1 ? same[0].unitCode : undefined
    })
    return { units, unknown: [...unknown] }
  }
}
