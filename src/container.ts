import type { Connection } from 'mongoose'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Logger } from './logger.js'
import { RoundRepository } from './db/repositories/round-repository.js'
import { SubmissionRepository } from './db/repositories/submission-repository.js'
import { UnitRepository } from './db/repositories/unit-repository.js'
import { BindCodeRepository } from './db/repositories/bind-code-repository.js'
import { BindingRepository } from './db/repositories/binding-repository.js'
import { NoticeRepository } from './db/repositories/notice-repository.js'
import { ProgressRepository } from './db/repositories/progress-repository.js'
import { SubmissionService } from './services/filing/submission-service.js'
import { TemplateCheck } from './services/filing/template-check.js'
import { HistoryRepair } from './services/filing/history-repair.js'
import { OutboxRepository } from './outbox/outbox-repository.js'
import { BindCodeService } from './services/directory/bind-code-service.js'
import { BindingService } from './services/directory/binding-service.js'
import { ChatReplier, type FileRoute } from './services/filing/chat-replier.js'
import { WECOM_BOT_ACCOUNT } from './channels/wecom/wecom-settings.js'
import { CHANNEL_LIMITS } from './channels/limits.js'
import { DialogService } from './services/filing/dialog-service.js'
import { FormContextService } from './services/filing/form-context-service.js'
import { FillTemplateService } from './services/filing/fill-template-service.js'
import { FileFilingService } from './services/filing/file-filing-service.js'
import { ProgressService } from './services/rounds/progress-service.js'
import { PlatformEntryService } from './services/rounds/platform-entry-service.js'
import { PlatformEntryRepository } from './db/repositories/platform-entry-repository.js'
import { TaskService } from './services/filing/task-service.js'
import { DialogRepository } from './db/repositories/dialog-repository.js'
import { ReminderRepository } from './db/repositories/reminder-repository.js'
import { ReminderService } from './services/reminders/reminder-service.js'
import { EscalationService } from './services/reminders/escalation-service.js'
import { DigestService } from './services/reminders/digest-service.js'
import type { DialogParker } from './services/filing/dialog-parker.js'
import { IdleDialogs } from './services/filing/idle-dialogs.js'
import { NoticeService } from './services/notices/notice-service.js'
import { NoticeAcks } from './services/notices/notice-acks.js'
import { NoticeFollowUps } from './services/notices/notice-follow-ups.js'
import { ChatCore } from './chat/chat-core.js'
import { ChatFileFiling } from './chat/chat-file-filing.js'
import { ChannelFiles } from './channels/files/channel-files.js'
import { PendingChoices } from './db/repositories/pending-choices.js'
import { ChatLookups } from './db/repositories/chat-lookups.js'
import { BotStates } from './db/repositories/bot-states.js'
import { InboundJournal } from './db/repositories/inbound-journal.js'
import { isDatabaseUnavailable } from './db/database-unavailable.js'
import { AuditRepository } from './db/repositories/audit-repository.js'
import { CalendarRepository } from './db/repositories/calendar-repository.js'
import { TokenRepository } from './db/repositories/token-repository.js'
import { MpUserRepository } from './db/repositories/mp-user-repository.js'
import { DepartmentReviewRepository } from './db/repositories/department-review-repository.js'
import { ImportRepository } from './db/repositories/import-repository.js'
import { AuditService } from './services/access/audit-service.js'
import { GroupWebhookService } from './services/directory/group-webhook-service.js'
import { CalendarService } from './services/rounds/calendar-service.js'
import { ExportService } from './services/exports/export-service.js'
import { PlatformRepository } from './db/repositories/platform-repository.js'
import { loadPlatformMapping } from './services/platform/load-platform-mapping.js'
import type { PlatformMapping } from './services/platform/platform-mapping.js'
import { PlatformStatusImport } from './services/platform/platform-status-import.js'
import { PlatformImportService } from './services/platform/platform-import-service.js'
import { PlatformExportService } from './services/platform/platform-export-service.js'
import { ImportService } from './services/directory/import-service.js'
import { MpFormService } from './services/filing/mp-form-service.js'
import { MpSessionService } from './services/access/mp-session-service.js'
import { ReviewService } from './services/review/review-service.js'
import { RoundService } from './services/rounds/round-service.js'
import { TokenService } from './services/access/token-service.js'
import { DeadMessages } from './outbox/dead-messages.js'
import { UnitDirectory } from './services/directory/unit-directory.js'
import { UnitPage } from './services/review/unit-page.js'
import type { ApiServices } from './http/routes/api-services.js'
import { AppError } from './errors.js'
import { RoundBoardService } from './services/rounds/round-board-service.js'
import { ManualReminders } from './services/reminders/manual-reminder.js'
import { ConsoleLogin } from './services/access/console-login.js'
import { LoginLinkRepository } from './db/repositories/login-link-repository.js'
import { StaffRepository } from './db/repositories/staff-repository.js'
import { ttlSeconds } from './services/access/mp-session-service.js'

/**
 * The composition root: every repository and service is built here (and only here), on one connection
 * and one clock. main.ts builds one container per process; tests build one per database with a
 * ManualClock; the admin scripts build the subset they need with buildAdminServices.
 */
export interface Container {
  config: Readonly<Config>
  logger: Logger
  clock: Clock
  conn: Connection
  outbox: OutboxRepository
  repos: {
    rounds: RoundRepository
    submissions: SubmissionRepository
    units: UnitRepository
    bindings: BindingRepository
  }
  services: {
    submissions: SubmissionService
    progress: ProgressService
    bindCodes: BindCodeService
    formContexts: FormContextService
    /** fill-in templates per unit and form (the chat's 模板 sends them) and reading a filled one */
    fillTemplates: FillTemplateService
    /** writes the history rows a crash between a head write and its append lost (job repair-submission-history) */
    historyRepair: HistoryRepair
  }
  chat: {
    bindings: BindingService
    dialogs: DialogService
    tasks: TaskService
    replier: ChatReplier
    /** the channel-free chat core (src/chat): a channel adapter hands it inbound messages */
    core: ChatCore
    /** the inbound journal of one bot process (owner: host:pid:random) */
    journal(owner: string): InboundJournal
    /** sends the done marks every journal made here keeps waiting (at shutdown, before the database closes) */
    flushJournals(): Promise<void>
    botStates: BotStates
    /** the chat's ChatFiles: each channel adapter registers the download of the files it receives */
    files: ChannelFiles
  }
  /** reminder sweep, escalation and digests (jobs sweep-reminders, escalate-overdue, send-digests) */
  chase: { reminders: ReminderService; escalation: EscalationService; digests: DigestService }
  /** nudges and parks idle chat dialogs (job park-idle-dialogs) */
  dialogParker: DialogParker
  /** broadcast notices (通知), their acknowledgements (收到) and the one follow-up (job notice-follow-ups) */
  notices: { broadcast: NoticeService; acks: NoticeAcks; followUps: NoticeFollowUps }
  /** what the API routes call (src/http/routes/api-routes.ts takes exactly this) */
  api: ApiServices
}

/** What the admin command line (scripts/admin) needs: tokens, bind codes, the audit log, the outbox, the staff list. */
export interface AdminServices {
  tokens: TokenService
  bindCodes: BindCodeService
  audit: AuditService
  outbox: OutboxRepository
  /** the bureau staff list: who may sign in to the web console with 登录, and as what */
  staff: StaffRepository
}

/** The admin scripts' subset of the container, without the chat, reminder and notice wiring they never use. */
export function buildAdminServices(conn: Connection, clock: Clock): AdminServices {
  return adminServices(conn, clock, new UnitRepository(conn), new OutboxRepository(conn, clock))
}

function adminServices(conn: Connection, clock: Clock, units: UnitRepository, outbox: OutboxRepository): AdminServices {
  return {
    tokens: new TokenService(new TokenRepository(conn), units, clock),
    bindCodes: new BindCodeService(new BindCodeRepository(conn), units, clock),
    audit: new AuditService(new AuditRepository(conn), clock),
    outbox,
    staff: new StaffRepository(conn),
  }
}

/**
 * `platform` is the provincial platform's mapping, loaded by main before the database is opened (so a
 * bad file stops start-up at once); callers that do not pass it get the configured file read here.
 */
export function buildContainer(
  conn: Connection,
  clock: Clock,
  config: Readonly<Config>,
  logger: Logger,
  platform: PlatformMapping = loadPlatformMapping(config.platformMapping),
): Container {
  const rounds = new RoundRepository(conn)
  const submissionRepo = new SubmissionRepository(conn)
  const outbox = new OutboxRepository(conn, clock)
  const units = new UnitRepository(conn)
  const admin = adminServices(conn, clock, units, outbox)
  const bindCodes = admin.bindCodes
  const formContexts = new FormContextService(units, submissionRepo, clock)
  const submissions = new SubmissionService(rounds, submissionRepo, clock, new TemplateCheck(formContexts))
  const fillTemplates = new FillTemplateService(rounds, units, formContexts, submissionRepo)
  const reminderStore = new ReminderRepository(conn)
  const dialogs = new DialogService(new DialogRepository(conn), clock, rounds, submissions, formContexts)
  const bindingRepo = new BindingRepository(conn)
  const noticeRepo = new NoticeRepository(conn)
  const notices = new NoticeService(noticeRepo, units, bindingRepo, outbox, outbox, clock, config.timezone)
  const acks = new NoticeAcks(noticeRepo, outbox, bindingRepo, clock)
  const followUps = new NoticeFollowUps(notices, outbox, clock)
  const progressRepo = new ProgressRepository(conn)
  const deptReviews = new DepartmentReviewRepository(conn)
  const progress = new ProgressService(progressRepo, units)
  const webhooks = new GroupWebhookService(bindingRepo, outbox, admin.audit, clock)
  const platformEntries = new PlatformEntryService(new PlatformEntryRepository(conn), clock)
  const lookups = new ChatLookups(conn)
  const reminders = new ManualReminders(lookups, bindingRepo, outbox, config.timezone)
  const consoleLogin = new ConsoleLogin(new LoginLinkRepository(conn), admin.tokens, clock, {
    publicBaseUrl: config.console.publicBaseUrl,
    sessionTtlSeconds: ttlSeconds(config.console.sessionTtl),
  })
  const fileFiling = new FileFilingService(fillTemplates, submissions)
  const pending = new PendingChoices(conn, clock)
  const tasks = new TaskService(rounds, submissionRepo, clock, config.timezone)
  /** every inbound journal made here: their waiting done marks are flushed at shutdown */
  const journals: InboundJournal[] = []
  const chatPorts = {
    bindings: new BindingService(bindingRepo, units, clock, config.bot.bureauBindCode, (code) =>
      bindCodes.resolve(code),
    ),
    dialogs,
    pending,
    lookups,
    reminders,
    consoleLinks: consoleLogin,
    tasks,
    progress,
    entries: platformEntries,
    notices: { acks, broadcast: notices },
    outbox,
    replier: new ChatReplier(outbox, fileRoutes(config)),
    templates: fillTemplates,
    webhooks,
    files: new ChannelFiles(config.bot.fileMaxBytes),
    filing: new ChatFileFiling({ files: fileFiling, tasks, dialogs, pending }),
  }
  return {
    config,
    logger,
    clock,
    conn,
    outbox,
    repos: { rounds, submissions: submissionRepo, units, bindings: bindingRepo },
    services: {
      submissions,
      progress,
      bindCodes,
      formContexts,
      fillTemplates,
      historyRepair: new HistoryRepair(rounds, submissionRepo),
    },
    chat: {
      bindings: chatPorts.bindings,
      dialogs,
      tasks: chatPorts.tasks,
      replier: chatPorts.replier,
      core: new ChatCore({ ...chatPorts, timezone: config.timezone, logger, clock, transient: retryLater }),
      journal: (owner) => {
        const journal = new InboundJournal(conn, clock, owner, config.bot.journalLeaseMs)
        journals.push(journal)
        return journal
      },
      flushJournals: () => Promise.all(journals.map((j) => j.flush())).then(() => undefined),
      botStates: new BotStates(conn, clock),
      files: chatPorts.files,
    },
    chase: {
      reminders: new ReminderService(reminderStore, outbox, clock, config.timezone),
      escalation: new EscalationService(reminderStore, outbox, clock, config.timezone),
      digests: new DigestService(reminderStore, outbox, clock, config.timezone),
    },
    dialogParker: new IdleDialogs(dialogs, outbox),
    notices: { broadcast: notices, acks, followUps },
    api: {
      tokens: admin.tokens,
      mpSessions: new MpSessionService(
        new MpUserRepository(conn),
        units,
        { wechat: config.wechat, jwtSecret: config.auth.jwtSecret, jwtTtl: config.auth.jwtTtl },
        bindCodes,
        clock,
      ),
      bindCodes,
      rounds: new RoundService(rounds, units, config.timezone),
      progress,
      platformEntries,
      imports: new ImportService(new ImportRepository(conn), config.imports),
      exports: new ExportService(rounds, units, submissionRepo, config.timezone),
      platformImport: new PlatformImportService(new PlatformRepository(conn), platform, config.imports),
      platformStatusImport: new PlatformStatusImport(
        new PlatformRepository(conn),
        platformEntries,
        platform,
        config.imports,
      ),
      platformExport: new PlatformExportService(rounds, units, submissionRepo, platform, config.timezone),
      reviews: new ReviewService(submissionRepo, deptReviews, units, bindingRepo, submissions, rounds, outbox, clock),
      unitPage: new UnitPage({
        rounds,
        units,
        submissions: submissionRepo,
        deptReviews,
        bindings: bindingRepo,
        messages: outbox,
        notices: noticeRepo,
      }),
      mpForms: new MpFormService(rounds, submissionRepo, rounds, submissions, formContexts, clock),
      fillTemplates,
      fileFiling,
      audit: admin.audit,
      directory: new UnitDirectory(units),
      notices,
      noticeFollowUps: followUps,
      calendar: new CalendarService(new CalendarRepository(conn)),
      webhooks,
      board: new RoundBoardService(progressRepo, units),
      reminders,
      consoleLogin,
      deadMessages: new DeadMessages(outbox),
      botStates: new BotStates(conn, clock),
    },
  }
}

/**
 * How each bot account's chat sends a file where it cannot go with the reply: the WeCom 智能机器人 (account
 * 'wecom') answers in its callback, which carries no file — through the self-built app 1:1 when it is
 * configured, else the reply says where to get the file (never a file silently dropped). Every other
 * account sends files inline.
 */
function fileRoutes(config: Readonly<Config>): Record<string, FileRoute> {
  const bot: FileRoute = CHANNEL_LIMITS['wecom-bot'].sendsFiles
    ? 'inline'
    : config.wecom.app && CHANNEL_LIMITS['wecom-app'].sendsFiles
      ? 'wecom-app'
      : 'none'
  return { [WECOM_BOT_ACCOUNT]: bot }
}

/**
 * The database went away (or lost an index) mid-turn: the message is not answered now but handled
 * again once it is back (its journal entry stays claimed until its lease lapses), so nothing is lost.
 */
function retryLater(err: unknown): boolean {
  return isDatabaseUnavailable(err) || (err instanceof AppError && err.status === 503)
}
