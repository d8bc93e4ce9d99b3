import type { Connection } from 'mongoose'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Logger } from './logger.js'
import { RoundRepository } from './db/repositories/round-repository.js'
import { SubmissionRepository } from './db/repositories/submission-repository.js'
import { SubmissionService } from './services/submission-service.js'
import { TemplateCheck } from './services/template-check.js'
import { OutboxRepository } from './outbox/outbox-repository.js'
import { BindCodeService } from './services/bind-code-service.js'
import { BindingService } from './services/binding-service.js'
import { ChatReplier } from './services/chat-replier.js'
import { DialogService } from './services/dialog-service.js'
import { FormContextService } from './services/form-context-service.js'
import { ProgressService } from './services/progress-service.js'
import { TaskService } from './services/task-service.js'
import { ReminderRepository } from './db/repositories/reminder-repository.js'
import { ReminderService } from './services/reminder-service.js'
import { EscalationService } from './services/escalation-service.js'
import { DigestService } from './services/digest-service.js'
import type { DialogParker } from './services/dialog-parker.js'
import { IdleDialogs } from './services/idle-dialogs.js'
import { NoticeService } from './services/notice-service.js'
import { NoticeAcks } from './services/notice-acks.js'
import { NoticeFollowUps } from './services/notice-follow-ups.js'

/**
 * Repositories and services wired on one connection and one clock. main.ts builds one per process;
 * tests build one per database with a ManualClock.
 */
export interface Container {
  config: Readonly<Config>
  logger: Logger
  clock: Clock
  conn: Connection
  outbox: OutboxRepository
  repos: { rounds: RoundRepository; submissions: SubmissionRepository }
  services: { submissions: SubmissionService; progress: ProgressService; bindCodes: BindCodeService; formContexts: FormContextService }
  chat: { bindings: BindingService; dialogs: DialogService; tasks: TaskService; replier: ChatReplier }
  /** reminder sweep, escalation and digests (jobs sweep-reminders, escalate-overdue, send-digests) */
  chase: { reminders: ReminderService; escalation: EscalationService; digests: DigestService }
  /** nudges and parks idle chat dialogs (job park-idle-dialogs) */
  dialogParker: DialogParker
  /** broadcast notices (通知), their acknowledgements (收到) and the one follow-up (job notice-follow-ups) */
  notices: { broadcast: NoticeService; acks: NoticeAcks; followUps: NoticeFollowUps }
}

export function buildContainer(conn: Connection, clock: Clock, config: Readonly<Config>, logger: Logger): Container {
  const rounds = new RoundRepository(conn)
  const submissionRepo = new SubmissionRepository(conn)
  const outbox = new OutboxRepository(conn, clock)
  const bindCodes = new BindCodeService(conn, clock)
  const formContexts = new FormContextService(conn, submissionRepo, clock)
  const submissions = new SubmissionService(rounds, submissionRepo, clock, new TemplateCheck(formContexts))
  const reminderStore = new ReminderRepository(conn)
  const dialogs = new DialogService(conn, clock, rounds, submissions, formContexts)
  const notices = new NoticeService(conn, outbox, clock)
  return {
    config,
    logger,
    clock,
    conn,
    outbox,
    repos: { rounds, submissions: submissionRepo },
    services: { submissions, progress: new ProgressService(conn), bindCodes, formContexts },
    chat: {
      bindings: new BindingService(conn, clock, config.bot.bureauBindCode, (code) => bindCodes.resolve(code)),
      dialogs,
      tasks: new TaskService(conn, clock, config.timezone),
      replier: new ChatReplier(outbox),
    },
    chase: {
      reminders: new ReminderService(reminderStore, outbox, clock, config.timezone),
      escalation: new EscalationService(reminderStore, outbox, clock, config.timezone),
      digests: new DigestService(reminderStore, outbox, clock, config.timezone),
    },
    dialogParker: new IdleDialogs(dialogs, outbox),
    notices: { broadcast: notices, acks: new NoticeAcks(conn, clock), followUps: new NoticeFollowUps(notices, outbox, clock) },
  }
}
