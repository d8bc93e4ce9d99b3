import { DEVIATION_FIELDS } from './deviation-fields.js'
import type { FormTemplate } from '../template.js'

/** 部门整体支出绩效目标执行监控表: basic and project expenditure, then the department's indicators. */
export const departmentTemplate: FormTemplate = {
  id: 'department@1',
  code: 'department',
  version: 1,
  title: '部门整体支出绩效目标执行监控表',
  shortTitle: '部门整体表',
  repeat: 'none',
  groups: [
    {
      type: 'fund-lines',
      id: 'funds',
      title: '预算执行情况',
      budget: 'department',
      lines: [
        { key: 'total', label: '部门预算总额' },
        { key: 'basic', label: '基本支出' },
        { key: 'project', label: '项目支出' },
      ],
      executed: { key: 'executed', label: '{period}执行数', kind: 'money', example: '150万' },
      others: [{ key: 'expected', label: '全年预计执行数', kind: 'money', notBelowExecuted: true, example: '300万' }],
      sum: { total: 'total', parts: ['basic', 'project'] },
      deviation: DEVIATION_FIELDS,
      sheet: { caption: '预算资金（万元）' },
    },
    {
      type: 'indicators',
      id: 'indicators',
      title: '部门绩效指标完成情况',
      source: 'department',
      deviation: DEVIATION_FIELDS,
    },
  ],
}
