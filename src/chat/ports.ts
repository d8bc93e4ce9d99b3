import type { JournalEntry } from '../domain/journal-entry.js'
import type { CurrentRound, UnitReach } from '../domain/chat-reads.js'
import type { OutboxPort } from '../domain/outbox-message.js'
import type { BindingService } from '../services/directory/binding-service.js'
import type { ChatReplier } from '../services/filing/chat-replier.js'
import type { DialogService } from '../services/filing/dialog-service.js'
import type { NoticeAcks } from '../services/notices/notice-acks.js'
import type { NoticeService } from '../services/notices/notice-service.js'
import type { ProgressService } from '../services/rounds/progress-service.js'
import type { TaskService } from '../services/filing/task-service.js'
import type { FormCode } from '../domain/types.js'
import type { PendingChoice } from '../domain/pending-choice.js'
import type { Dialog } from '../domain/dialog.js'
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
  roundUnit(roundId: string, unitCode: string): Promise<{ forms: FormCode[]; submitted: FormCode[] } | null>
  activeBindingsOf(unitCode: string): Promise<UnitReach[]>
  /** whether some unit carries this tag (通知 教育口：…) */
  tagInUse(tag: string): Promise<boolean>
  /** the active bureau staff member by their display name in the bureau group (登录) */
  staffByChatName(name: string): Promise<BureauStaff | null>
}

export interface ChatPorts {
  bindings: BindingsPort
  dialogs: DialogsPort
  pending: PendingChoicesPort
  lookups: ChatLookupsPort
  tasks: Pick<TaskService, 'forUnit'>
  progress: Pick<ProgressService, 'round' | 'missingUnits'>
  notices: {
    acks: Pick<NoticeAcks, 'handle' | 'noticeSent'>
    broadcast: Pick<NoticeService, 'create' | 'discard' | 'confirm' | 'find' | 'status'>
  }
  outbox: Pick<OutboxPort, 'enqueue'>
  replier: Pick<ChatReplier, 'reply'>
  /** 催报 of one unit (src/services/reminders/manual-reminder.ts) */
  reminders: Pick<ManualReminders, 'remind'>
  /** one-time sign-in links to the web console (登录) */
  consoleLinks: Pick<ConsoleLogin, 'issue'>
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
  done(account: string, messageId: string): Promise<void>
  failed(account: string, messageId: string, error: string): Promise<void>
}

export type { JournalEntry }
