import type { Indicator, Project, ProjectFunds, Unit } from '../../domain/types.js'
import type { TableFormat } from '../spreadsheets/table-file.js'
import type { TableLimits } from '../spreadsheets/table-limits.js'
import { budgetRow, type BudgetRow } from './budget-rows.js'
import { indicatorRow, type IndicatorRow } from './indicator-rows.js'
import type { PlatformLayout, PlatformMapping } from './platform-mapping.js'
import type { CellError, PlatformRow } from './platform-row.js'
import { failIfAny, readPlatformSheet } from './platform-sheet.js'

export type PlatformImportKind = 'budgets' | 'indicators'

/** Where the platform import reads and writes (src/db/repositories/platform-repository.ts). */
export interface PlatformStore {
  /** the projects with these codes, in any unit */
  projectsByCode(codes: readonly string[]): Promise<Project[]>
  unitsByCode(codes: readonly string[]): Promise<Pick<Unit, 'code' | 'name' | 'indicators'>[]>
  setFunds(unitCode: string, code: string, funds: ProjectFunds, executed?: Project['platformExecuted']): Promise<void>
  /** replaces the indicators of a project, or of the unit's department-wide table */
  setIndicators(unitCode: string, projectCode: string | undefined, list: Indicator[]): Promise<void>
}

/** What an import did (or, with dryRun, would do): one entry per project or department table. */
export interface PlatformImportReport {
  kind: PlatformImportKind
  dryRun: boolean
  rows: number
  changes: (
    | {
        unitCode: string
        projectCode: string
        before: ProjectFunds
        funds: ProjectFunds
        executed?: Project['platformExecuted']
      }
    | { unitCode: string; projectCode?: string; before: number; indicators: Indicator[] }
  )[]
}

const KIND_LAYOUT = { budgets: 'budgetExport', indicators: 'indicatorExport' } as const

/**
 * Reads an export of the provincial platform (budgets, or indicators) through the mapping and
 * pre-fills tianbao's projects with it. Like the directory import, every row is checked first: one
 * bad cell makes the whole file a 422 listing every problem by row and column,
 * and nothing changes;
 * `dryRun` answers the same report without writing, as a preview.
 */
export class PlatformImportService {
  constructor(
    private readonly store: PlatformStore,
    private readonly mapping: PlatformMapping,
    private readonly limits: TableLimits,
  ) {}

  async import(
    kind: PlatformImportKind,
    format: TableFormat,
    data: Buffer,
    dryRun: boolean,
  ): Promise<PlatformImportReport> {
    const { layout, rows, errors } = await readPlatformSheet(this.mapping, KIND_LAYOUT[kind], format, data, this.limits)
    const report =
      kind === 'budgets'
        ? await this.budgets(rows, layout, errors, dryRun)
        : await this.indicators(rows, layout, errors, dryRun)
    return report
  }

  private async budgets(
    rows: Map<number, PlatformRow>,
    layout: PlatformLayout,
    errors: CellError[],
    dryRun: boolean,
  ): Promise<PlatformImportReport> {
    const parsed = [...rows.values()].flatMap((r) => budgetRow(r, layout) ?? [])
    const projects = await this.resolve(parsed, rows)
    failIfAny(errors, parsed.length)
    const groups = new Map<Project, BudgetRow[]>()
    parsed.forEach((b, i) => {
      const p = projects[i]
      if (p) groups.set(p, [...(groups.get(p) ?? []), b])
    })
    const changes = [...groups].map(([p, list]) => {
      const line = (source: BudgetRow['source']) => {
        const of = list.filter((b) => b.source === source)
        const initial = of.reduce((s, b) => s + b.initial, 0)
        const anyAdjusted = of.some((b) => b.adjusted !== undefined)
        return anyAdjusted ? { initial, adjusted: of.reduce((s, b) => s + (b.adjusted ?? b.initial), 0) } : { initial }
      }
      const fiscal = line('fiscal')
      const other = line('other')
      const anyAdjusted = fiscal.adjusted !== undefined || other.adjusted !== undefined
      const total = {
        initial: fiscal.initial + other.initial,
        ...(anyAdjusted ? { adjusted: (fiscal.adjusted ?? fiscal.initial) + (other.adjusted ?? other.initial) } : {}),
      }
      const spent = (source: BudgetRow['source']) =>
        list.filter((b) => b.source === source).reduce((s, b) => s + (b.executed ?? 0), 0)
      const executed = list.some((b) => b.executed !== undefined)
        ? { fiscal: spent('fiscal'), other: spent('other'), total: spent('fiscal') + spent('other') }
        : undefined
      return {
        unitCode: p.unitCode,
        projectCode: p.code,
        before: p.funds,
        funds: { total, fiscal, other },
        ...(executed ? { executed } : {}),
      }
    })
    if (!dryRun) for (const c of changes) await this.store.setFunds(c.unitCode, c.projectCode, c.funds, c.executed)
    return { kind: 'budgets', dryRun, rows: parsed.length, changes }
  }

  private async indicators(
    rows: Map<number, PlatformRow>,
    layout: PlatformLayout,
    errors: CellError[],
    dryRun: boolean,
  ): Promise<PlatformImportReport> {
    const parsed = [...rows.values()].flatMap((r) => indicatorRow(r, layout) ?? [])
    const forProjects = parsed.filter((i) => i.projectCode)
    const projects = await this.resolve(forProjects, rows)
    const deptRows = parsed.filter((i) => !i.projectCode)
    const units = new Map((await this.store.unitsByCode(deptRows.map((i) => i.unitCode ?? ''))).map((u) => [u.code, u]))
    for (const i of deptRows)
      if (!units.has(i.unitCode ?? '')) rows.get(i.row)?.fail('unitCode', `单位代码 ${i.unitCode} 不存在`)
    const groups = new Map<
      string,
      { unitCode: string; projectCode?: string; existing: Indicator[]; list: IndicatorRow[] }
    >()
    const add = (unitCode: string, projectCode: string | undefined, existing: Indicator[], i: IndicatorRow) => {
      const key = `${unitCode}/${projectCode ?? ''}`
      const g = groups.get(key) ?? { unitCode, projectCode, existing, list: [] }
      const twin = g.list.find((x) => x.indicator.code === i.indicator.code)
      if (twin) rows.get(i.row)?.fail('indicatorL3Code', `指标代码 ${i.indicator.code} 与第 ${twin.row} 行重复`)
      g.list.push(i)
      groups.set(key, g)
    }
    forProjects.forEach((i, n) => {
      const p = projects[n]
      if (p) add(p.unitCode, p.code, p.indicators, i)
    })
    for (const i of deptRows) {
      const u = units.get(i.unitCode ?? '')
      if (u) add(u.code, undefined, u.indicators, i)
    }
    failIfAny(errors, parsed.length)
    const changes = [...groups.values()].map((g) => ({
      unitCode: g.unitCode,
      ...(g.projectCode ? { projectCode: g.projectCode } : {}),
      before: g.existing.length,
      // how an indicator is judged is tianbao's, not the platform's: an indicator it knows keeps its basis
      indicators: g.list.map((i): Indicator => ({
        ...i.indicator,
        basis: g.existing.find((e) => e.code === i.indicator.code)?.basis ?? i.inferredBasis,
      })),
    }))
    if (!dryRun) for (const c of changes) await this.store.setIndicators(c.unitCode, c.projectCode, c.indicators)
    return { kind: 'indicators', dryRun, rows: parsed.length, changes }
  }

  /**
   * The project of each row, by 项目代码 (within the 单位代码 when the file has one). A code that is
   * missing, or that several units use while the file names no unit, is reported on the row.
   */
  private async resolve(
    refs: { row: number; unitCode?: string; projectCode?: string }[],
    rows: Map<number, PlatformRow>,
  ): Promise<(Project | undefined)[]> {
    const found = await this.store.projectsByCode([...new Set(refs.map((r) => r.projectCode ?? ''))])
    const byCode = new Map<string, Project[]>()
    for (const p of found) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p])
    const known = new Set(
      (await this.store.unitsByCode([...new Set(refs.flatMap((r) => r.unitCode ?? []))])).map((u) => u.code),
    )
    return refs.map((ref) => {
      const row = rows.get(ref.row)
      const same = (byCode.get(ref.projectCode ?? '') ?? []).filter((p) => !ref.unitCode || p.unitCode === ref.unitCode)
      if (ref.unitCode && !known.has(ref.unitCode)) row?.fail('unitCode', `单位代码 ${ref.unitCode} 不存在`)
      else if (same.length === 0)
        row?.fail('projectCode', `项目代码 ${ref.projectCode} 不存在${ref.unitCode ? `（单位 ${ref.unitCode}）` : ''}`)
      else if (same.length > 1)
        row?.fail(
          'projectCode',
          `项目代码 ${ref.projectCode} 在单位 ${same.map((p) => p.unitCode).join('、')} 都有，请在文件中加上单位代码`,
        )
      return same.length === 1 ? same[0] : undefined
    })
  }
}
