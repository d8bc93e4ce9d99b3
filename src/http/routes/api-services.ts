import type { AuditService } from '../../services/access/audit-service.js'
import type { CalendarService } from '../../services/rounds/calendar-service.js'
import type { BindCodeService } from '../../services/directory/bind-code-service.js'
import type { GroupWebhookService } from '../../services/directory/group-webhook-service.js'
import type { ExportService } from '../../services/exports/export-service.js'
import type { ImportService } from '../../services/directory/import-service.js'
import type { PlatformExportService } from '../../services/platform/platform-export-service.js'
import type { PlatformImportService } from '../../services/platform/platform-import-service.js'
import type { PlatformStatusImport } from '../../services/platform/platform-status-import.js'
import type { MpFormService } from '../../services/filing/mp-form-service.js'
import type { FillTemplateService } from '../../services/filing/fill-template-service.js'
import type { FileFilingService } from '../../services/filing/file-filing-service.js'
import type { MpSessionService } from '../../services/access/mp-session-service.js'
import type { NoticeService } from '../../services/notices/notice-service.js'
import type { NoticeFollowUps } from '../../services/notices/notice-follow-ups.js'
import type { ProgressService } from '../../services/rounds/progress-service.js'
import type { PlatformEntryService } from '../../services/rounds/platform-entry-service.js'
import type { ReviewService } from '../../services/review/review-service.js'
import type { UnitPage } from '../../services/review/unit-page.js'
import type { RoundService } from '../../services/rounds/round-service.js'
import type { TokenService } from '../../services/access/token-service.js'
import type { UnitDirectory } from '../../services/directory/unit-directory.js'
import type { RoundBoardService } from '../../services/rounds/round-board-service.js'
import type { ManualReminders } from '../../services/reminders/manual-reminder.js'
import type { DeadMessages } from '../../outbox/dead-messages.js'
import type { BotStates } from '../../db/repositories/bot-states.js'
import type { ConsoleLogin } from '../../services/access/console-login.js'

/** The services the API routes call (built in src/container.ts, handed over as container.api). */
export interface ApiServices {
  tokens: TokenService
  mpSessions: MpSessionService
  bindCodes: BindCodeService
  rounds: RoundService
  progress: ProgressService
  /** 已录入: per unit, entered in the provincial platform */
  platformEntries: PlatformEntryService
  imports: ImportService
  exports: ExportService
  platformImport: PlatformImportService
  platformStatusImport: PlatformStatusImport
  platformExport: PlatformExportService
  reviews: ReviewService
  /** the console's unit page: tables as printed, versions and changes, groups, messages */
  unitPage: UnitPage
  mpForms: MpFormService
  /** fill-in templates (XLSX) per unit and form, and reading them back */
  fillTemplates: FillTemplateService
  /** a filled template uploaded: its valid answers become the draft */
  fileFiling: FileFilingService
  audit: AuditService
  directory: UnitDirectory
  notices: NoticeService
  /** 再次提醒: a notice's silent units reminded now */
  noticeFollowUps: NoticeFollowUps
  calendar: CalendarService
  webhooks: GroupWebhookService
  board: RoundBoardService
  reminders: ManualReminders
  consoleLogin: ConsoleLogin
  /** dead outbox messages, revived from the console */
  deadMessages: DeadMessages
  /** the bot accounts' login states as the bot role saved them (src/db/repositories/bot-states.ts) */
  botStates: Pick<BotStates, 'all'>
}

export interface ApiOptions {
  /** login and bind attempts per client IP per minute */
  loginPerMinute: number
  /** largest upload (CSV/XLSX import, a filled template) in bytes */
  uploadMaxBytes: number
}
