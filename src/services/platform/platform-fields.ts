/**
 * The fixed vocabulary a platform mapping file may map columns to. The mapping says which header
 * text means which of these; what each one means to tianbao is decided here, in code, once — so a
 * bureau can follow its province's template by editing YAML, never by editing code.
 */
export const PLATFORM_FIELDS = {
  unitCode: 'code',
  unitName: 'text',
  deptCode: 'code',
  deptName: 'text',
  projectCode: 'code',
  projectName: 'text',
  goal: 'text',
  goalProgress: 'text',
  fundSource: 'text',
  budgetInitial: 'money',
  /** 调整预算数: the change (may be negative); 调整后预算数 = budgetInitial + budgetAdjustment */
  budgetAdjustment: 'money',
  /** 调整后预算数 */
  budgetAdjusted: 'money',
  executed: 'money',
  expectedFullYear: 'money',
  /** 预算执行率, written as a fraction with a % format */
  rate: 'percent',
  indicatorL1Code: 'code',
  indicatorL1Name: 'text',
  indicatorL2Code: 'code',
  indicatorL2Name: 'text',
  indicatorL3Code: 'code',
  indicatorL3Name: 'text',
  indicatorValue: 'text',
  /** 计算符号 */
  operator: 'text',
  /** 计量单位 */
  measureUnit: 'text',
  /** 绩效指标完成情况 / 当前完成值 */
  actual: 'text',
  /** 全年预计完成情况 */
  expectedCompletion: 'text',
  /** 偏差原因分析 (the categories, then the explanation) */
  deviationReason: 'text',
  /** 完成目标可能性 */
  likelihood: 'text',
  remark: 'text',
  reportDate: 'date',
  /** the platform's workflow status (statusExport) */
  status: 'text',
} as const

export type PlatformField = keyof typeof PLATFORM_FIELDS
export const PLATFORM_FIELD_NAMES = Object.keys(PLATFORM_FIELDS) as [PlatformField, ...PlatformField[]]

/** The platform's layouts: two it exports (read by the import), two import templates it reads, its status list. */
export const PLATFORM_LAYOUTS = [
  'budgetExport',
  'indicatorExport',
  'projectImport',
  'departmentImport',
  'statusExport',
] as const
export type PlatformLayoutName = (typeof PLATFORM_LAYOUTS)[number]
