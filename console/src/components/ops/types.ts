/** What the 运维/数据 pages read from the admin API (the shapes of src/services and src/outbox). */

export interface UnitImportPreview {
  rows: number
  added: {
    row: number
    code: string
    name: string
    kind: 'department' | 'secondary' | 'township'
    parentCode?: string
  }[]
  changed: { row: number; code: string; name: string; fields: { field: string; before: string; after: string }[] }[]
  unchanged: number
  errors: { row: number; messages: string[] }[]
}

export interface ImportReport {
  rows: number
  inserted: number
  updated: number
}

export interface DeadMessage {
  key: string
  channel: string
  recipient: string
  excerpt: string
  attempts: number
  lastError: string
  createdAt: string
  lastTriedAt: string
}

export interface CalendarDay {
  date: string
  work: boolean
  name?: string
}

export interface CalendarYear {
  year: number
  packageKnows: boolean
  days: CalendarDay[]
}

export const KIND_NAMES = { department: '主管部门', secondary: '二级单位', township: '乡镇' } as const

export const CHANNEL_NAMES: Record<string, string> = {
  wechat: '微信',
  wecom: '企业微信群',
  email: '邮件',
  dingtalk: '钉钉',
  'wecom-app': '企业微信应用',
}
