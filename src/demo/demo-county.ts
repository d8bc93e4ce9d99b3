import type { Contact, FormCode, Indicator, Manager, Project, Unit } from '../domain/types.js'
import { DEPARTMENTS, GIVEN, PROJECT_NAMES, SECONDARY, SURNAMES, TOWNSHIPS } from './demo-names.js'
import { INDICATOR_CATALOG } from './indicator-catalog.js'
import { between, pick, seededRandom } from './random.js'

export const DEMO_COUNTY = '示例县'

export interface DemoCounty {
  units: Unit[]
  projects: Project[]
  managers: Manager[]
  /** forms each unit files in the demo round */
  forms: Map<string, FormCode[]>
}

const WAN = 1_000_000 // 1万元 in fen

/**
 * The fictional 示例县: 123 units (11 townships, 82 departments, 30 second-level units), contacts,
 * managers, 1–6 projects per unit with 2–6 indicators (every basis), and a few units with no project
 * spending. Deterministic: the same data on every run.
 */
export function demoCounty(): DemoCounty {
  const rnd = seededRandom(20260710)
  const person = (): string => pick(rnd, SURNAMES) + pick(rnd, GIVEN) + (rnd() < 0.5 ? pick(rnd, GIVEN) : '')
  const contacts = (code: string): Contact[] => {
    const finance = person()
    const head = person()
    const n = code.replace(/\D/g, '').padStart(4, '0')
    return [
      {
        name: finance,
        wechatName: `${finance}-财务`,
        phone: `1390000${n}`,
        email: `${code.toLowerCase()}.finance@demo.example.org`,
        role: 'finance',
      },
      {
        name: head,
        wechatName: head,
        phone: `1380000${n}`,
        email: `${code.toLowerCase()}.head@demo.example.org`,
        role: 'head',
      },
    ]
  }
  const indicators = (prefix: string): Indicator[] => {
    const count = between(rnd, 2, 6)
    const start = between(rnd, 0, INDICATOR_CATALOG.length - 1)
    return Array.from({ length: count }, (_, i) => ({
      ...INDICATOR_CATALOG[(start + i * 2) % INDICATOR_CATALOG.length],
      code: `${prefix}-I${i + 1}`,
    }))
  }
  const units: Unit[] = []
  const deptCode = new Map<string, string>()
  DEPARTMENTS.forEach((name, i) => {
    const code = `D${String(i + 1).padStart(3, '0')}`
    deptCode.set(name, code)
    units.push({
      code,
      name: `${DEMO_COUNTY}${name}`,
      kind: 'department',
      tags: i < 10 ? ['党群'] : ['政府部门'],
      contacts: contacts(code),
      indicators: [],
    })
  })
  SECONDARY.forEach(([parent, name], i) => {
    const parentCode = deptCode.get(parent) ?? 'D001'
    const code = `${parentCode}-${String(i + 1).padStart(2, '0')}`
    units.push({
      code,
      name: `${DEMO_COUNTY}${name}`,
      kind: 'secondary',
      parentCode,
      tags: ['二级单位'],
      contacts: contacts(code),
      indicators: [],
    })
  })
  TOWNSHIPS.forEach((name, i) => {
    const code = `T${String(i + 1).padStart(2, '0')}`
    units.push({
      code,
      name: `${DEMO_COUNTY}${name}`,
      kind: 'township',
      tags: ['乡镇'],
      contacts: contacts(code),
      indicators: [],
    })
  })

  const projects: Project[] = []
  const forms = new Map<string, FormCode[]>()
  units.forEach((unit, i) => {
    const basic = between(rnd, 80, 900) * WAN
    const noProjects = i % 31 === 7 // a few units (incl. second-level ones) with no project spending
    const count = noProjects ? 0 : between(rnd, 1, 6)
    let projectTotal = 0
    let countyArranged = false
    for (let p = 0; p < count; p++) {
      const total = between(rnd, 5, 500) * WAN + between(rnd, 0, 99) * 100_00
      const fiscal = Math.round((total * between(rnd, 70, 100)) / 100 / 100) * 100
      const adjusted = rnd() < 0.2 ? Math.round(total * 1.1) : undefined
      const arranged = rnd() < 0.4
      countyArranged ||= arranged
      projectTotal += adjusted ?? total
      const code = `${unit.code}-P${p + 1}`
      projects.push({
        unitCode: unit.code,
        code,
        name: PROJECT_NAMES[(i + p * 5) % PROJECT_NAMES.length],
        funds: {
          total: { initial: total, adjusted },
          fiscal: { initial: fiscal, adjusted: adjusted === undefined ? undefined : fiscal + (adjusted - total) },
          other: { initial: total - fiscal },
        },
        goal: '按计划完成年度建设任务，提升公共服务水平。',
        indicators: indicators(code),
        countyArranged: arranged ? { arranged: total } : undefined,
      })
    }
    unit.budget = {
      total: { initial: basic + projectTotal },
      basic: { initial: basic },
      project: { initial: projectTotal },
    }
    unit.indicators = indicators(`${unit.code}-DEPT`)
    const f: FormCode[] = ['department']
    if (count > 0) f.push('project')
    if (countyArranged) f.push('county-detail')
    f.push('disclosure')
    forms.set(unit.code, f)
  })

  const managers: Manager[] = [
    { name: '分管副县长（演示）', email: 'deputy.head@demo.example.org', scope: { kind: 'all' } },
    {
      name: '教育体育局局长（演示）',
      email: 'edu.director@demo.example.org',
      scope: { kind: 'department', code: deptCode.get('教育体育局') ?? 'D012' },
    },
    { name: '乡镇工作分管领导（演示）', email: 'townships@demo.example.org', scope: { kind: 'tag', tag: '乡镇' } },
  ]
  return { units, projects, managers, forms }
}
