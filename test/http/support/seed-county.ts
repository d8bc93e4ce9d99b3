import type { Connection } from 'mongoose'
import { projectModel } from '../../../src/db/models/project.js'
import { unitModel } from '../../../src/db/models/unit.js'
import type { Indicator, Project, Unit } from '../../../src/domain/types.js'

const WAN = 1_000_000

export const INDICATORS: Indicator[] = [
  { code: 'I1', level1: '产出指标', level2: '数量', name: '改造农村危房户数', comparator: '>=', target: 100, measure: '户', basis: 'cumulative' },
  { code: 'I2', level1: '产出指标', level2: '质量', name: '验收合格率', comparator: '>=', target: 95, measure: '%', basis: 'level' },
  { code: 'I3', level1: '满意度指标', level2: '服务对象满意度', name: '受益群众满意度', comparator: '>=', target: 90, measure: '%', basis: 'level' },
]

/**
 * Two departments, each with one secondary unit, and one township:
 *   D1 教育体育局 ← S1 第一中学;  D2 卫生健康局 ← S2 人民医院;  T1 城关镇.
 * S1 runs project S1-P1 (total 100万 = fiscal 80万 + other 20万).
 */
export async function seedCounty(conn: Connection): Promise<void> {
  const budget = { total: { initial: 300 * WAN }, basic: { initial: 200 * WAN }, project: { initial: 100 * WAN } }
  const unit = (code: string, name: string, kind: Unit['kind'], parentCode?: string): Unit => ({ code, name, kind, parentCode, tags: kind === 'township' ? ['乡镇'] : [], contacts: [], budget, indicators: INDICATORS })
  const units = [unit('D1', '县教育体育局', 'department'), unit('S1', '县第一中学', 'secondary', 'D1'), unit('D2', '县卫生健康局', 'department'), unit('S2', '县人民医院', 'secondary', 'D2'), unit('T1', '城关镇', 'township')]
  await Promise.all([unitModel(conn).init(), projectModel(conn).init()])
  await unitModel(conn).insertMany(units)
  const project: Project = {
    unitCode: 'S1',
    code: 'S1-P1',
    name: '校舍维修改造项目',
    funds: { total: { initial: 100 * WAN }, fiscal: { initial: 80 * WAN }, other: { initial: 20 * WAN } },
    goal: '完成校舍维修改造，消除安全隐患。',
    indicators: INDICATORS,
  }
  await projectModel(conn).insertMany([project, { ...project, unitCode: 'S2', code: 'S2-P1', name: '医疗设备购置项目' }])
}
