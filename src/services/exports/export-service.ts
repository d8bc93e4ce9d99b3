import ExcelJS from 'exceljs'
import { localDateTime, localIso } from '../../domain/local-time.js'
import { platformEntryCell, type PlatformEntry } from '../../domain/platform-entry.js'
import { STATUS_LABELS } from '../../domain/status-labels.js'
import type { FormCode, Project, Round, Submission, Unit } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { getTemplate, isMoneyPath, printedTables, type FormContext } from '../../forms/index.js'
import { cleanText } from '../../forms/parse/clean-text.js'
import { cleanWorkbook } from './clean-workbook.js'
import type { UnitScope } from '../access/principal.js'
import { fenToYuanText } from '../spreadsheets/wan-yuan.js'
import { writeMonitoringSheet } from './monitoring-sheet.js'
import { SheetNames, shortUnitName } from './sheet-names.js'

export interface ExportFile {
  filename: string
  contentType: string
  data: Buffer
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** What the exports read (RoundRepository, UnitRepository, SubmissionRepository). */
export interface ExportSources {
  /** the round as stored now */
  freshRound(id: string): Promise<Round | null>
  /** the round units' 已录入 entries, by unit code (units without one left out) */
  platformEntries(roundId: string, unitCodes: readonly string[]): Promise<Map<string, PlatformEntry>>
}
export interface ExportUnits {
  inScope(scope: UnitScope): Promise<Pick<Unit, 'code' | 'name' | 'parentCode'>[]>
  names(codes: readonly string[]): Promise<Map<string, string>>
  /** the units with their budgets and indicators, by code */
  withBudgets(codes: readonly string[]): Promise<Unit[]>
  /** the units' projects, by unit and code */
  projectsOf(unitCodes: readonly string[]): Promise<Project[]>
}
export interface ExportSubmissions {
  /** a round's non-draft versions of a form (of these units, or all), by unit and version */
  nonDrafts(roundId: string, form: FormCode, unitCodes?: readonly string[]): Promise<Submission[]>
}

/**
 * Exports of a round: the project and department-wide tables in the standard layout as XLSX (for one
 * unit or consolidated over the caller's scope) and a long-format CSV of every answer of one form.
 * Reads the latest non-draft version per unit. Statuses are in Chinese (STATUS_LABELS, as the chat says
 * them) and times in the bureau's time zone (TIMEZONE).
 */
export class ExportService {
  constructor(
    private readonly rounds: ExportSources,
    private readonly units: ExportUnits,
    private readonly rows: ExportSubmissions,
    /** the bureau's time zone (config.timezone): submission times are written as its clocks showed them */
    private readonly timezone: string,
  ) {}

  /**
   * The project tables (one sheet per project) or the department-wide tables (one sheet per unit) of a
   * round, after a 汇总 sheet listing each unit's latest version and its 平台录入 (time / source, or 未录入).
   */
  async tablesXlsx(roundId: string, scope: UnitScope, form: 'project' | 'department'): Promise<ExportFile> {
    const { round, units, latest } = await this.load(roundId, scope, form)
    const entries = await this.rounds.platformEntries(roundId, [...latest.keys()])
    const byCode = new Map(units.map((u) => [u.code, u]))
    const deptName = await this.units.names(units.map((u) => u.parentCode ?? u.code))
    const deptOf = (u: Pick<Unit, 'code' | 'parentCode'>) =>
      `${deptName.get(u.parentCode ?? u.code) ?? ''}（${u.parentCode ?? u.code}）`
    const wb = new ExcelJS.Workbook()
    const names = new SheetNames()
    const summary = wb.addWorksheet(names.name(['汇总']))
    summary.addRow(['单位代码', '单位名称', '版本', '状态', '提交时间', '是否按时', '平台录入'])
    for (const [code, s] of latest)
      summary.addRow([
        code,
        byCode.get(code)?.name ?? '',
        s.version,
        STATUS_LABELS[s.status],
        s.submittedAt ? localDateTime(s.submittedAt, this.timezone) : '',
        s.onTime ? '是' : '否',
        platformEntryCell(entries.get(code), (at) => localDateTime(at, this.timezone)),
      ])
    const template = getTemplate(form)
    // the printed table computes no flags, so the context's time is the round's due instant, not a clock
    const ctxOf = (
      unit: Pick<Unit, 'code' | 'name'> & Partial<Pick<Unit, 'budget' | 'indicators'>>,
      projects: Project[],
    ): FormContext => ({
      unit: { code: unit.code, name: unit.name },
      projects,
      department: { budget: unit.budget, indicators: unit.indicators ?? [] },
      round: { year: round.year, endMonth: round.endMonth, tolerance: round.tolerance, jumpFactor: round.jumpFactor },
      now: round.dueAt.toISOString(),
    })
    // sheet tabs: the table's short title (department) or the project's name, then the unit's short name
    if (form === 'department') {
      const full = await this.units.withBudgets([...latest.keys()])
      for (const unit of full) {
        const s = latest.get(unit.code)
        if (!s) continue
        for (const table of printedTables(template, ctxOf(unit, []), s.answers, deptOf(unit)))
          writeMonitoringSheet(wb.addWorksheet(names.name([template.shortTitle, shortUnitName(unit.name)])), table)
      }
    } else {
      const projects = await this.units.projectsOf([...latest.keys()])
      // one sheet per project, in the order read (unit code, then project code)
      const perUnit = new Map<string, Project[]>()
      for (const p of projects) perUnit.set(p.unitCode, [...(perUnit.get(p.unitCode) ?? []), p])
      for (const [unitCode, list] of perUnit) {
        const unit = byCode.get(unitCode)
        const s = latest.get(unitCode)
        if (!unit || !s) continue
        for (const table of printedTables(template, ctxOf(unit, list), s.answers, deptOf(unit))) {
          const project = list.find((p) => p.code === table.code)?.name ?? table.code
          writeMonitoringSheet(wb.addWorksheet(names.name([project, shortUnitName(unit.name)])), table)
        }
      }
    }
    // stored text may predate the cleaning of answers (and names come from imports): clean what is written
    cleanWorkbook(wb)
    const suffix = scope.kind === 'unit' ? `-${scope.code}` : ''
    return {
      filename: `${form}-${round.year}-${round.endMonth}${suffix}.xlsx`,
      contentType: XLSX,
      data: Buffer.from(await wb.xlsx.writeBuffer()),
    }
  }

  /**
   * One row per answer. Money (stored in 分) goes to its own column, 金额（元）, as exact 元 with two
   * decimals ("600000.00"), and 值 stays empty on that row; every other answer is in 值 as stored. The
   * time is ISO 8601 with the bureau's offset ("2027-07-01T10:00:00+08:00"); 平台录入 is the unit's
   * 已录入 as "<time> / <source>" (or 未录入), the same on each of its rows.
   */
  async answersCsv(roundId: string, scope: UnitScope, form: FormCode): Promise<ExportFile> {
    const { round, units, latest } = await this.load(roundId, scope, form)
    const entries = await this.rounds.platformEntries(roundId, [...latest.keys()])
    const names = new Map(units.map((u) => [u.code, u.name]))
    const template = getTemplate(form)
    const lines = [
      ['单位代码', '单位名称', '表', '版本', '状态', '提交时间', '是否按时', '字段', '值', '金额（元）', '平台录入'],
    ]
    for (const [code, s] of latest) {
      const entry = platformEntryCell(entries.get(code), (at) => localIso(at, this.timezone))
      for (const [path, value] of Object.entries(s.answers)) {
        const money = typeof value === 'number' && isMoneyPath(template, path)
        lines.push([
          code,
          names.get(code) ?? '',
          form,
          String(s.version),
          STATUS_LABELS[s.status],
          s.submittedAt ? localIso(s.submittedAt, this.timezone) : '',
          s.onTime ? '是' : '否',
          path,
          money ? '' : Array.isArray(value) ? value.join('、') : value === null ? '' : String(value),
          money ? fenToYuanText(value) : '',
          entry,
        ])
      }
    }
    const csv = '\ufeff' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n'
    return {
      filename: `${form}-${round.year}-${round.endMonth}.csv`,
      contentType: 'text/csv; charset=utf-8',
      data: Buffer.from(csv, 'utf8'),
    }
  }

  /** The round, the units in scope and each unit's latest non-draft version of the form. */
  private async load(
    roundId: string,
    scope: UnitScope,
    form: FormCode,
  ): Promise<{ round: Round; units: Pick<Unit, 'code' | 'name' | 'parentCode'>[]; latest: Map<string, Submission> }> {
    const round = await this.rounds.freshRound(roundId)
    if (!round) throw AppError.notFound('监控轮次不存在')
    const units = await this.units.inScope(scope)
    const docs = await this.rows.nonDrafts(roundId, form, scope.kind !== 'all' ? units.map((u) => u.code) : undefined)
    const latest = new Map<string, Submission>()
    for (const d of docs) latest.set(d.unitCode, d)
    return { round, units, latest }
  }
}

/**
 * Quotes a CSV cell; a leading = + - @ is defused so a spreadsheet does not run it as a formula.
 * Control and invisible characters are removed (cleanText), whatever was stored.
 */
function csvCell(raw: string): string {
  const v = cleanText(raw)
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
