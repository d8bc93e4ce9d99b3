import type { AuditService } from '../../services/audit-service.js'
import type { CalendarService } from '../../services/calendar-service.js'
import type { BindCodeService } from '../../services/bind-code-service.js'
import type { ExportService } from '../../services/export-service.js'
import type { ImportService } from '../../services/import-service.js'
import type { MpFormService } from '../../services/mp-form-service.js'
import type { MpSessionService } from '../../services/mp-session-service.js'
import type { NoticeService } from '../../services/notice-service.js'
import type { ProgressService } from '../../services/progress-service.js'
import type { ReviewService } from '../../services/review-service.js'
import type { RoundService } from '../../services/round-service.js'
import type { TokenService } from '../../services/token-service.js'
import type { UnitDirectory } from '../../services/unit-directory.js'

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
}

export interface ApiOptions {
  /** login and bind attempts per client IP per minute */
  loginPerMinute: number
  /** largest upload (CSV/XLSX import) in bytes */
  uploadMaxBytes: number
}
