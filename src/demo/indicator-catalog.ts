import type { Indicator } from '../domain/types.js'

/**
 * Indicator shapes for the fictional demo county, one or more of every basis, so a demo round exercises
 * every deviation rule. Targets are scaled per project by the generator.
 */
export const INDICATOR_CATALOG: Omit<Indicator, 'code'>[] = [
  { level1: '产出指标', level2: '数量指标', name: '改造农村危房户数', comparator: '>=', target: 120, measure: '户', basis: 'cumulative' },
  { level1: '产出指标', level2: '数量指标', name: '养护乡村道路里程', comparator: '>=', target: 85, measure: '公里', basis: 'cumulative' },
  { level1: '产出指标', level2: '数量指标', name: '开展培训场次', comparator: '=', target: 12, measure: '次', basis: 'cumulative' },
  { level1: '产出指标', level2: '质量指标', name: '工程验收合格率', comparator: '>=', target: 95, measure: '%', basis: 'level' },
  { level1: '产出指标', level2: '时效指标', name: '项目完成时间', comparator: '<=', target: '2026-10-31', measure: '', basis: 'milestone' },
  { level1: '产出指标', level2: '时效指标', name: '审批办理时长', comparator: '<=', target: 30, measure: '天', basis: 'level' },
  { level1: '产出指标', level2: '成本指标', name: '单位维护成本', comparator: '<=', target: 50, measure: '万元', basis: 'cap' },
  { level1: '效益指标', level2: '社会效益指标', name: '群众出行条件', comparator: '=', target: '有效提升', measure: '', basis: 'qualitative' },
  { level1: '效益指标', level2: '经济效益指标', name: '带动农户增收', comparator: '>=', target: 300, measure: '户', basis: 'cumulative' },
  { level1: '效益指标', level2: '可持续影响指标', name: '设施持续使用年限', comparator: '>=', target: 10, measure: '年', basis: 'level' },
  { level1: '满意度指标', level2: '服务对象满意度指标', name: '受益群众满意度', comparator: '>=', target: 90, measure: '%', basis: 'level' },
]
