import type { Container } from '../../container.js'
import { AuditService } from '../../services/audit-service.js'
import { CalendarService } from '../../services/calendar-service.js'
import type { BindCodeService } from '../../services/bind-code-service.js'
import { ExportService } from '../../services/export-service.js'
import { ImportService } from '../../services/import-service.js'
import { MpFormService } from '../../services/mp-form-service.js'
import { MpSessionService } from '../../services/mp-session-service.js'
import type { NoticeService } from '../../services/notice-service.js'
import type { ProgressService } from '../../services/progress-service.js'
import { ReviewService } from '../../services/review-service.js'
import { RoundService } from '../../services/round-service.js'
import { TokenService } from '../../services/token-service.js'
import { UnitDirectory } from '../../services/unit-directory.js'
import { AuditRepository } from '../../db/repositories/audit-repository.js'
import { CalendarRepository } from '../../db/repositories/calendar-repository.js'
import { TokenRepository } from '../../db/repositories/token-repository.js'
import { MpUserRepository } from '../../db/repositories/mp-user-repository.js'
import { DepartmentReviewRepository } from '../../db/repositories/department-review-repository.js'
import { ImportRepository } from '../../db/repositories/import-repository.js'

/** The services the API routes call (built in src/container.ts). */
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

/**
 * Builds the API's services on a container (its connection, clock, config, outbox and the shared
 * submission service), so the composition root stays one line: apiRouter(buildApiServices(container)).
 */
export function buildApiServices(c: Container): ApiServices {
  const bindCodes = c.services.bindCodes
  const contexts = c.services.formContexts
  return {
    tokens: new TokenService(new TokenRepository(c.conn), c.repos.units, c.clock),
    mpSessions: new MpSessionService(new MpUserRepository(c.conn), c.repos.units, { wechat: c.config.wechat, jwtSecret: c.config.auth.jwtSecret, jwtTtl: c.config.auth.jwtTtl }, bindCodes, c.clock),
    bindCodes,
    rounds: new RoundService(c.repos.rounds, c.repos.units, c.config.timezone),
    progress: c.services.progress,
    imports: new ImportService(new ImportRepository(c.conn), c.config.imports),
    exports: new ExportService(c.repos.rounds, c.repos.units, c.repos.submissions),
    reviews: new ReviewService(c.repos.submissions, new DepartmentReviewRepository(c.conn), c.repos.units, c.repos.bindings, c.services.submissions, c.repos.rounds, c.outbox, c.clock),
    mpForms: new MpFormService(c.repos.rounds, c.repos.submissions, c.repos.rounds, c.services.submissions, contexts, c.clock),
    audit: new AuditService(new AuditRepository(c.conn), c.clock),
    directory: new UnitDirectory(c.repos.units),
    notices: c.notices.broadcast,
    calendar: new CalendarService(new CalendarRepository(c.conn)),
  }
}
