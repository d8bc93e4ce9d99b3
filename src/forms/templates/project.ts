import { DEVIATION_FIELDS } from './deviation-fields.js'
import type { FormTemplate } from '../template.js'

/** 项目支出绩效目标执行监控表: per project, the funds block then the project's indicators. */
export const projectTemplate: FormTemplate = {
  id: 'project@1',
  code: 'project',
  version: 1,
  title: '项目支出绩效目标执行监控表',
  shortTitle: '项目支出表',
  repeat: 'projects',
  groups: [
    {
      type: 'fund-lines',
      id: 'funds',
      title: '资金执行情况',
      budget: 'project',
      lines: [
        { key: 'total', label: '年度资金总额' },
        { key: 'fiscal', label: '其中：财政拨款' },
        { key: 'other', label: '其他资金' },
      ],
      executed: { key: 'executed', label: '{period}执行数', kind: 'money', example: '15万' },
      others: [{ key: 'expected', label: '全年预计执行数', kind: 'money', notBelowExecuted: true, example: '30万' }],
      sum: { total: 'total', parts: ['fiscal', 'other'] },
      extra: [
        {
          key: 'goalProgress',
          label: '年度总体目标完成情况',
          kind: 'text',
          minLength: 4,
          example: '已完成道路养护12公里，按计划推进',
        },
      ],
      deviation: DEVIATION_FIELDS,
      sheet: {
        caption: '项目资金（万元）',
        goal: { label: '年度总体目标', progress: { key: 'goalProgress', label: '目标完成情况' } },
      },
    },
    { type: 'indicators', id: 'indicators', title: '绩效指标完成情况', source: 'project', deviation: DEVIATION_FIELDS },
  ],
}
