import type { FormTemplate } from '../template.js'

/** 绩效自评报告公开网址: where the unit disclosed its self-evaluation reports (evidence for the assessment). */
export const disclosureTemplate: FormTemplate = {
  id: 'disclosure@1',
  code: 'disclosure',
  version: 1,
  title: '绩效自评报告公开网址',
  shortTitle: '自评公开网址',
  repeat: 'none',
  groups: [
    {
      type: 'fields',
      id: 'urls',
      title: '公开网址',
      fields: [
        { key: 'departmentUrl', label: '部门整体支出绩效自评报告公开网址', kind: 'url' },
        { key: 'projectUrl', label: '项目支出绩效自评报告公开网址', kind: 'url', required: false },
        {
          key: 'note',
          label: '备注（如与主管部门合并公开）',
          kind: 'text',
          required: false,
          minLength: 2,
          example: '与主管部门合并公开',
        },
      ],
    },
  ],
}
