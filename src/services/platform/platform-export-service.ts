import type { Project, Round, Submission, Unit } from '../../domain/types.js'
import { localParts } from '../../domain/local-time.js'
import { AppError } from '../../errors.js'
import { getTemplate, printedTables, type FormContext } from '../../forms/index.js'
import type { UnitScope } from '../access/principal.js'
import type { ExportFile, ExportSources, ExportSubmissions, ExportUnits } from '../exports/export-service.js'
import type { PlatformMapping } from './platform-mapping.js'
import { platformRecords, type PlatformRecord } from './platform-export-rows.js'
import { writePlatformSheet } from './platform-sheet-writer.js'

export type PlatformExportLayout = 'projectImport' | 'departmentImport'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const FORM = { projectImport: 'project', departmentImport: 'department' } as const

/**
 * A round's figures as the provincial platform's import template (项目支出 / 部门整体绩效监控指标完成情况
 * 导入模板), laid out by the mapping and keyed by the platform's codes, so the bureau uploads it there
 * instead of typing every figure again. Which versions: each unit's latest non-draft version when the
 * bureau has accepted it (a unit whose latest version is returned, or still awaits review, is left
 * out — the platform should get reviewed figures); `includeSubmitted` adds versions awaiting review.
 */
export class PlatformExportService {
  constructor(
    private readonly rounds: ExportSources,
    private readonly units: ExportUnits,
    private readonly rows: ExportSubmissions,
    private readonly mapping: PlatformMapping,
    private readonly timezone: string,
  ) {}

  async export(
    roundId: string,
    scope: UnitScope,
    layoutName: PlatformExportLayout,
    includeSubmitted: boolean,
  ): Promise<ExportFile> {
    const layout = this.mapping.layouts[layoutName]
    if (!layout)
      throw AppError.badRequest(
        `平台映射文件（${this.mapping.province} ${this.mapping.version}）没有 ${layoutName} 布局`,
      )
    const round = await this.rounds.freshRound(roundId)
    if (!round) throw AppError.notFound('监控轮次不存在')
    const form = FORM[layoutName]
    const inScope = await this.units.inScope(scope)
    const docs = await this.rows.nonDrafts(roundId, form, scope.kind !== 'all' ? inScope.map((u) => u.code) : undefined)
    const latest = new Map<string, Submission>()
    for (const d of docs) latest.set(d.unitCode, d)
    const wanted = new Set(includeSubmitted ? ['accepted', 'submitted'] : ['accepted'])
    const chosen = [...latest.values()]
      .filter((s) => wanted.has(s.status))
      .sort((a, b) => a.unitCode.localeCompare(b.unitCode))
    const codes = chosen.map((s) => s.unitCode)
    const full = new Map((await this.units.withBudgets(codes)).map((u) => [u.code, u]))
    const deptNames = await this.units.names([...full.values()].map((u) => u.parentCode ?? u.code))
    const projects = form === 'project' ? await this.units.projectsOf(codes) : []
    const template = getTemplate(form)
    const records: PlatformRecord[] = []
    for (const s of chosen) {
      const unit = full.get(s.unitCode)
      if (!unit) continue
      const own = projects.filter((p) => p.unitCode === unit.code)
      const deptName = deptNames.get(unit.parentCode ?? unit.code) ?? ''
      const tables = printedTables(template, contextOf(round, unit, own), s.answers, deptName)
      const reportDate = s.submittedAt ? localParts(s.submittedAt, this.timezone).day : ''
      for (const table of tables) {
        const project = form === 'project' ? own.find((p) => p.code === table.code) : undefined
        records.push(
          ...platformRecords({
            unit,
            deptName,
            project,
            total: table.lines[0],
            indicators: project ? project.indicators : unit.indicators,
            answers: s.answers,
            prefix: project ? `projects.${project.code}.` : '',
            reportDate,
          }),
        )
      }
    }
    return {
      filename: `platform-${layoutName}-${round.year}-${round.endMonth}.xlsx`,
      contentType: XLSX,
      data: await writePlatformSheet(layout, records),
    }
  }
}

/** The printed tables compute no flags, so the context's time is the round's due instant, not a clock. */
function contextOf(round: Round, unit: Unit, projects: Project[]): FormContext {
  return {
    unit: { code: unit.code, name: unit.name },
    projects,
    department: { budget: unit.budget, indicators: unit.indicators ?? [] },
    round: { year: round.year, endMonth: round.endMonth, tolerance: round.tolerance, jumpFactor: round.jumpFactor },
    now: round.dueAt.toISOString(),
  }
}
