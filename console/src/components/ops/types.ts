/** What the 运维/数据 pages read from the admin API: the server's own types with dates as ISO strings. */
import type { ImportReport as ServerImportReport } from '../../../../src/services/directory/import-service'
import type { UnitImportPreview as ServerImportPreview } from '../../../../src/services/directory/unit-import-diff'
import type { CalendarYear as ServerCalendarYear } from '../../../../src/services/rounds/calendar-service'
import type { DeadMessageView } from '../../../../src/outbox/dead-messages'
import type { Json } from '../../api/json'

export type UnitImportPreview = Json<ServerImportPreview>
export type ImportReport = Json<ServerImportReport>
export type DeadMessage = Json<DeadMessageView>
export type CalendarYear = Json<ServerCalendarYear>
export type CalendarDay = CalendarYear['days'][number]

export const KIND_NAMES = { department: '主管部门', secondary: '二级单位', township: '乡镇' } as const

export const CHANNEL_NAMES: Record<string, string> = {
  wechat: '微信',
  wecom: '企业微信群',
  email: '邮件',
  dingtalk: '钉钉',
  'wecom-app': '企业微信应用',
}
