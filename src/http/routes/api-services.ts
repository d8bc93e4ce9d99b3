import type { AuditService } from '../../services/access/audit-service.js'
import type { CalendarService } from '../../services/rounds/calendar-service.js'
import type { BindCodeService } from '../../services/directory/bind-code-service.js'
import type { ExportService } from '../../services/exports/export-service.js'
import type { ImportService } from '../../services/directory/import-service.js'
import type { MpFormService } from '../../services/filing/mp-form-service.js'
import type { MpSessionService } from '../../services/access/mp-session-service.js'
import type { NoticeService } from '../../services/notices/notice-service.js'
import type { ProgressService } from '../../services/rounds/progress-service.js'
import type { ReviewService } from '../../services/review/review-service.js'
import type { RoundService } from '../../services/rounds/round-service.js'
import type { TokenService } from '../../services/access/token-service.js'
import type { UnitDirectory } from '../../services/directory/unit-directory.js'
import type { RoundBoardService } from '../../services/rounds/round-board-service.js'
import type { ManualReminders } from '../../services/reminders/manual-reminder.js'
import type { ConsoleLogin } from '../../services/access/console-login.js'

/** The services the API routes call (built in src/container.ts, handed over as container.api). */
export interface ApiServices {
  tokens: TokenService
  mpSessions: MpSessionService
  bindCodes: BindCodeService
  rounds: RoundService
  progress: ProgressService
  imports: ImportService
  exports: ExportService
  reviews: ReviewService
  mpForms: MpFormService
  audit: AuditService
  directory: UnitDirectory
  notices: NoticeService
  calendar: CalendarService
  board: RoundBoardService
  reminders: ManualReminders
  consoleLogin: ConsoleLogin
}

export interface ApiOptions {
  /** login and bind attempts per client IP per minute */
  loginPerMinute: number
  /** largest upload (CSV/XLSX import) in bytes */
  uploadMaxBytes: number
}
