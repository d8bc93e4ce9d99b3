import type { JournalEntry } from '../domain/journal-entry.js'
import type { ChatRoundUnit, CurrentRound, UnitReach } from '../domain/chat-reads.js'
import type { OutboxPort } from '../domain/outbox-message.js'
import type { GroupWebhookService } from '../services/directory/group-webhook-service.js'
import type { BindingService } from '../services/directory/binding-service.js'
import type { ChatReplier } from '../services/filing/chat-replier.js'
import type { DialogService } from '../services/filing/dialog-service.js'
import type { NoticeAcks } from '../services/notices/notice-acks.js'
import type { NoticeService } from '../services/notices/notice-service.js'
import type { ProgressService } from '../services/rounds/progress-service.js'
import type { PlatformEntryService } from '../services/rounds/platform-entry-service.js'
import type { TaskService } from '../services/filing/task-service.js'
import type { PendingChoice } from '../domain/pending-choice.js'
import type { Dialog } from '../domain/dialog.js'
import type { InboundFile } from '../domain/file-ref.js'
import type { ChatPerson, ChatPlace } from '../services/filing/chat-replier.js'
import type { BureauStaff } from '../domain/bureau-staff.js'
import type { ConsoleLogin } from '../services/access/console-login.js'
import type { ManualReminders } from '../services/reminders/manual-reminder.js'

/**
 * What the chat core needs from the rest of tianbao. The services are used through their public
 * methods (each port names the few the chat calls); what the chat alone persists (pending choices) and
 * reads (the open round for 催报 and 进度) has its own repository in src/db/repositories/.
 */
export type BindingsPort = Pick<
  BindingService,
  | 'roomBinding'
  | 'memberUnits'
  | 'bind'
  | 'preferUnit'
  | 'unitNames'
  | 'unbindUnit'
  | 'roomLeft'
  | 'bureauRooms'
  | 'activeRoomBindings'
  | 'activeMemberBindings'
  | 'updateIds'
  | 'findUnit'
>

export type DialogsPort = Pick<
  DialogService,
  | 'findOpen'
  | 'input'
  | 'replayOf'
  | 'start'
  | 'resume'
  | 'takeover'
  | 'moveRoom'
  | 'moveOwner'
  | 'openOwners'
  | 'setOwner'
>

/** A person's open dialog as the dialog service hands it back (to answer or resume it). */
export type OpenDialog = Dialog

/** The question the bot asked one person in one room outside a form (src/db/repositories/pending-choices.ts). */
export interface PendingChoicesPort {
  get(roomId: string, memberId: string): Promise<PendingChoice | null>
  set(roomId: string, memberId: string, choice: PendingChoice): Promise<void>
  clear(roomId: string, memberId: string): Promise<void>
  /** the room got a new id at a re-login: what was asked there is dropped */
  clearRoom(roomId: string): Promise<void>
}

export type { CurrentRound, UnitReach }

/** Reads of the chat's bureau commands (src/db/repositories/chat-lookups.ts). */
export interface ChatLookupsPort {
  currentRound(): Promise<CurrentRound | null>
  /** the unit's forms in the round and which are in; null when the unit is not in the round */
  roundUnit(roundId: string, unitCode: string): Promise<ChatRoundUnit | null>
  activeBindingsOf(unitCode: string): Promise<UnitReach[]>
  /** the person bound themself to a unit in this (shared) group */
  memberBoundIn(memberId: string, roomId: string): Promise<boolean>
  /** whether some unit carries this tag (通知 教育口：…) */
  tagInUse(tag: string): Promise<boolean>
  /** the active bureau staff member by their display name in the bureau group (登录) */
  staffByChatName(name: string): Promise<BureauStaff | null>
}

/** One file the chat sends (a fill template): its name as the chat shows it, and its bytes. */
export interface ChatFile {
  name: string
  data: Buffer
}

/**
 * The pre-filled XLSX templates of a unit's tables in a round (issue 17): one per form, only `formCode`'s
 * when given. The FillTemplateService implements it; until it is merged the container wires a minimal one
 * (src/services/filing/placeholder-fill-templates.ts).
 */
export interface FillTemplates {
  forUnit(roundId: string, unitCode: string, formCode?: string): Promise<ChatFile[]>
}

export interface ChatPorts {
  bindings: BindingsPort
  dialogs: DialogsPort
  pending: PendingChoicesPort
  lookups: ChatLookupsPort
  tasks: Pick<TaskService, 'forUnit' | 'withRows'>
  progress: Pick<ProgressService, 'round' | 'missingUnits' | 'awaitingEntryUnits'>
  /** 已录入: the unit's or the bureau's report that the figures are in the provincial platform */
  entries: Pick<PlatformEntryService, 'markEntered'>
  notices: {
    acks: Pick<NoticeAcks, 'handle' | 'noticeSent'>
    broadcast: Pick<NoticeService, 'create' | 'discard' | 'confirm' | 'find' | 'status'>
  }
  outbox: Pick<OutboxPort, 'enqueue'>
  replier: Pick<ChatReplier, 'reply' | 'replyWithFiles' | 'answered'>
  /** 催报 of one unit (src/services/reminders/manual-reminder.ts) */
  reminders: Pick<ManualReminders, 'remind'>
  /** one-time sign-in links to the web console (登录) */
  consoleLinks: Pick<ConsoleLogin, 'issue'>
  templates: FillTemplates
  files: ChatFiles
  filing: FileFiling
  /** a WeCom group's push address (`推送地址`) */
  webhooks: Pick<GroupWebhookService, 'setForRoom'>
}

/**
 * The bytes of a received file, whatever channel it came on (src/channels/channel-files.ts dispatches
 * on `ref.channel` to the channel's download). At most `maxBytes`: a bigger file, an expired reference
 * or a failed download throws FileFetchError (src/chat/inbound-file.ts), which the chat answers with a hint.
 */
export interface ChatFiles {
  readonly maxBytes: number
  fetch(file: InboundFile): Promise<Buffer>
}

/** Who sent a file for which unit, where: what a filing by file needs besides the bytes. */
export interface FileContext {
  unitCode: string
  /** the unit's open round, when it has one */
  roundId?: string
  who: ChatPerson
  place: ChatPlace
  /** the chat message that brought the file (or said 保留): a dialog opened by it answers its replay */
  messageId: string
}

/**
 * What is done with a unit's file (src/chat/chat-file-filing.ts reads the XLSX, stores its answers as
 * the form's draft and opens the form's dialog on it): the replies to send. `keepValid` is the clerk's
 * 保留 after a file with errors.
 */
export interface FileFiling {
  fileReceived(ctx: FileContext, file: { name: string; data: Buffer }): Promise<string[]>
  keepValid(ctx: FileContext, kept: Extract<PendingChoice, { kind: 'file-keep' }>): Promise<string[]>
}

/**
 * What only the chat platform can answer (the wechaty adapter implements it): who is in which group,
 * and — after a re-login that gave rooms and contacts new ids — where a group or person is now.
 * Every lookup answers "not found" rather than throwing when the platform cannot tell.
 */
export interface ChatPlatform {
  /**
   * whether the bot can write to the person one to one (a WeChat friend; DingTalk staff): a sign-in link
   * goes there rather than into the group
   */
  canMessagePrivately(personId: string): Promise<boolean>
  /** whether the person is a member of any of these groups (bureau staff are the bureau group's members) */
  inAnyRoom(personId: string, roomIds: string[]): Promise<boolean>
  /** the group is still known under this id (its topic can be read) */
  roomKnown(roomId: string): Promise<boolean>
  roomIdByTopic(topic: string): Promise<string | undefined>
  /** the contact is found by id (Contact.find) */
  contactFound(personId: string): Promise<boolean>
  /** the platform has the contact's details loaded under this id (the puppet's payload) */
  contactLoaded(personId: string): Promise<boolean>
  /** a person by display name: a member of the group when roomId is given and found, else any contact */
  personIdByName(name: string, roomId?: string): Promise<string | undefined>
}

/** The inbound journal (src/db/repositories/inbound-journal.ts): nothing said to the bot is lost or done twice. */
export interface JournalPort {
  record(e: JournalEntry): Promise<boolean>
  claimOrphan(
    account: string,
    inFlight?: string[],
  ): Promise<(JournalEntry & { receivedAt?: Date; attempts?: number }) | null>
  /**
   * Resolves once the mark is stored, which may be a moment later (marks are group-committed across
   * turns); `redactedText`: what the journal keeps of the text from now on (a secret said in it masked),
   * stored at once
   */
  done(account: string, messageId: string, redactedText?: string): Promise<void>
  failed(account: string, messageId: string, error: string): Promise<void>
}

export type { JournalEntry }
