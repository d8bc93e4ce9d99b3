import type ExcelJS from 'exceljs'
import type { Project, Unit } from '../domain/types.js'
import { writeMonitoringSheet } from './monitoring-sheet.js'

export interface ProjectSheetData {
  project: Project
  unitName: string
  department: string
  period: string
  answers: Record<string, unknown>
}

/** 项目支出绩效目标执行监控表 for one project (answers under "projects.<code>."). */
export function writeProjectSheet(ws: ExcelJS.Worksheet, d: ProjectSheetData): void {
  const f = d.project.funds
  writeMonitoringSheet(ws, {
    title: '项目支出绩效目标执行监控表',
    period: d.period,
    header: ['项目名称', d.project.name, '主管部门及代码', d.department, '实施单位', d.unitName],
    fundsCaption: '项目资金（万元）',
    lines: [
      { key: 'total', label: '年度资金总额', budget: f.total },
      { key: 'fiscal', label: '其中：财政拨款', budget: f.fiscal },
      { key: 'other', label: '其他资金', budget: f.other },
    ],
    goal: { text: d.project.goal },
    indicators: d.project.indicators,
    prefix: `projects.${d.project.code}.`,
    answers: d.answers,
  })
}

export interface DepartmentSheetData {
  unit: Pick<Unit, 'code' | 'name' | 'budget' | 'indicators'>
  department: string
  period: string
  answers: Record<string, unknown>
}

/** 部门整体支出绩效目标执行监控表 for one unit (answers at the top level: "funds.basic.executed"). */
export function writeDepartmentSheet(ws: ExcelJS.Worksheet, d: DepartmentSheetData): void {
  const b = d.unit.budget
  // a unit without a stored budget typed it into the form ("funds.basic.budget")
  const typed = (k: string) => ({ initial: typeof d.answers[`funds.${k}.budget`] === 'number' ? (d.answers[`funds.${k}.budget`] as number) : 0 })
  writeMonitoringSheet(ws, {
    title: '部门整体支出绩效目标执行监控表',
    period: d.period,
    header: ['单位名称', d.unit.name, '主管部门及代码', d.department, '单位代码', d.unit.code],
    fundsCaption: '预算资金（万元）',
    lines: [
      { key: 'total', label: '部门预算总额', budget: b?.total ?? typed('total') },
      { key: 'basic', label: '基本支出', budget: b?.basic ?? typed('basic') },
      { key: 'project', label: '项目支出', budget: b?.project ?? typed('project') },
    ],
    indicators: d.unit.indicators ?? [],
    prefix: '',
    answers: d.answers,
  })
}
