import type { FormTemplate } from '../template.js'

/**
 * 县级安排项目支出明细监控表. The seed gives only the title; this working layout (arranged, allocated,
 * paid, rate, reason when slow) is data so the bureau's real layout can replace it as "county-detail@2".
 */
export const countyDetailTemplate: FormTemplate = {
  id: 'county-detail@1',
  code: 'county-detail',
  version: 1,
  title: '县级安排项目支出明细监控表',
  shortTitle: '县级项目明细表',
  repeat: 'county-projects',
  groups: [
    {
      type: 'fund-lines',
      id: 'county',
      title: '县级安排资金',
      budget: 'county-arranged',
      lines: [{ key: 'county', label: '县级安排资金' }],
      executed: { key: 'paid', label: '{period}已支付数', kind: 'money', example: '5万' },
      others: [{ key: 'allocated', label: '{period}已下达数', kind: 'money', notBelowExecuted: true, example: '8万' }],
      deviation: [
        {
          key: 'slowReason',
          label: '执行缓慢原因及措施',
          kind: 'text',
          minLength: 4,
          example: '项目6月才开工，7月起按进度拨付',
        },
      ],
    },
  ],
}
