import { pickForm, type FormPick } from '../forms/form-choice.js'
import type { PendingChoice } from '../domain/pending-choice.js'
import { BUREAU_COMMANDS, COMMANDS, PUSH_ADDRESS, commandWord, nearMissHint } from './command-words.js'
import { isXlsxName } from './inbound-file.js'
import { argumentOf, keywordOf, type InboundMessage } from './inbound-message.js'

/** The group's binding as the router needs it (null: an unbound group, or a private chat). */
export interface BoundPlace {
  kind: 'unit-room' | 'shared-room' | 'bureau-room' | 'member'
  unitCode?: string
}

/** What a 收到 turned out to be once checked against the notices awaiting one in the group. */
export type NoticeAckSeen = { kind: 'none' } | { kind: 'ack'; title: string; recorded: number }

/**
 * Everything the routing depends on. A field left undefined has not been read yet: decide asks for it
 * (`{ kind: 'need' }`) only when the answer depends on it, so a plain dialog answer reads no pending
 * choice and chatter in a unit group reads no notice.
 */
export interface Situation {
  msg: Pick<InboundMessage, 'text' | 'isText' | 'mentionedBot' | 'where' | 'file'>
  binding: BoundPlace | null
  /** the person has an active dialog here */
  dialog?: boolean
  /** checking a possible acknowledgement records it: asked for only where it is one */
  noticeAck?: NoticeAckSeen
  pending?: PendingChoice | null
  /** the units the person bound themself to (first = preferred) */
  memberUnits?: string[]
}

export type Need = 'dialog' | 'notice-ack' | 'pending' | 'member-units'

export type PendingAnswer =
  | { kind: 'takeover'; dialogId: string }
  | { kind: 'pick-unit'; unitCode: string }
  | { kind: 'pick-form'; choice: Extract<PendingChoice, { kind: 'pick-form' }>; pick: NonNullable<FormPick> }
  | { kind: 'file-keep'; choice: Extract<PendingChoice, { kind: 'file-keep' }> }

export type UnitCommand =
  | { kind: 'command'; name: '填报' | '模板'; unitCode: string; argument: string }
  | { kind: 'command'; name: '继续' | '进度' | '已录入'; unitCode: string }
  | { kind: 'command'; name: '帮助' }
  | { kind: 'near-miss'; hint: string }

export type Decision =
  | { kind: 'need'; what: Need }
  | { kind: 'ignore' }
  /** a fixed answer: not text, a bureau-only command, not bound yet */
  | { kind: 'reply'; text: string }
  | { kind: 'command'; name: '绑定' }
  /** `推送地址 <address>`: the WeCom group's group-robot webhook */
  | { kind: 'command'; name: '推送地址' }
  | { kind: 'bureau-command'; name: BureauCommandName }
  | { kind: 'notice-confirm'; confirmed: boolean; draftId: string }
  /** recorded already; answered only inside a dialog (a reply to each 收到 would flood the group) */
  | { kind: 'notice-ack'; title: string; recorded: number; inDialog: boolean }
  | { kind: 'pending-choice'; answer: PendingAnswer }
  /** a person bound to several units starts filling in a private chat: which unit? */
  | { kind: 'ask-unit'; units: string[] }
  /** the message goes into the open dialog; `otherwise` if that dialog ended meanwhile (null: ignore) */
  | { kind: 'dialog-input'; unitCode: string; otherwise: UnitCommand | null }
  /** a file sent for the unit (src/chat/receive-file.ts) */
  | { kind: 'file'; unitCode: string }
  | UnitCommand

export type BureauCommandName = '进度' | '催报' | '解绑' | '已录入' | '帮助' | '通知' | '通知情况' | '登录'

export const NOT_TEXT = '目前只能处理文字消息，请用文字回复（例如“填报”“进度”“帮助”）。'
export const NOT_BOUND_GROUP =
  '本群还没有绑定单位。请先在本群发送“绑定 绑定码”（绑定码向财政局绩效股索取），再发送表格。'
export const BUREAU_ONLY = '该命令仅限财政局工作人员在财政局工作群使用。'
export const BIND_FIRST = '请先发送“绑定 绑定码”绑定本群，再设置推送地址。'

const need = (what: Need): Decision => ({ kind: 'need', what })
const IGNORE: Decision = { kind: 'ignore' }

/**
 * The chat's routing, as data. In order:
 *  1. an unbound group hears only 绑定;
 *  2. notices: the bureau group's 通知 / 通知情况 / 确认·取消 of a notice draft; in other groups a
 *     收到 while a notice awaits one is an acknowledgement and nothing else (before dialog input);
 *  3. chatter not addressed to the bot (no @mention, no command word, no open dialog, no near-miss
 *     word) is ignored — unless it answers a question the bot asked (a form number, 接管);
 *  4. non-text, 绑定, 推送地址 (any bound group), the bureau group's commands, bureau-only words said elsewhere;
 *  5. a pending choice (which form? which unit? take over? keep a file's valid cells?) before any
 *     dialog starts; inside an open dialog only 接管 and 保留 can still answer one;
 *  6. which unit the message speaks for (the group's, or the person's), else how to bind;
 *  7. the open dialog takes the message; else 填报 / 模板 / 继续 / 进度 / 已录入, a near-miss hint, or the help.
 * A file goes its own way (fileDecision) before any of 2-7.
 */
export function decide(s: Situation): Decision {
  const { msg, binding } = s
  const keyword = commandWord(keywordOf(msg.text))
  const inGroup = msg.where.kind === 'group'
  if (msg.file) return fileDecision(s, msg.file.name)
  if (inGroup && !binding) {
    if (keyword === '绑定') return { kind: 'command', name: '绑定' }
    return keyword === PUSH_ADDRESS && msg.mentionedBot ? { kind: 'reply', text: BIND_FIRST } : IGNORE
  }
  if (s.dialog === undefined) return need('dialog')

  if (msg.isText && inGroup && binding) {
    if (binding.kind === 'bureau-room') {
      if (keyword === '通知' || keyword === '通知情况') return { kind: 'bureau-command', name: keyword }
      if (msg.text === '确认' || msg.text === '取消') {
        if (s.pending === undefined) return need('pending')
        if (s.pending?.kind === 'confirm-notice')
          return { kind: 'notice-confirm', confirmed: msg.text === '确认', draftId: s.pending.noticeDraftId }
      }
    } else {
      if (s.noticeAck === undefined) return need('notice-ack')
      if (s.noticeAck.kind === 'ack')
        return { kind: 'notice-ack', title: s.noticeAck.title, recorded: s.noticeAck.recorded, inDialog: s.dialog }
    }
  }

  // a near-miss word addresses the bot in unit groups and private chats (the bureau group has its own words)
  const nearMiss = binding?.kind === 'bureau-room' ? undefined : nearMissHint(keyword)
  const addressed = msg.mentionedBot || COMMANDS.has(keyword) || s.dialog || nearMiss !== undefined
  if (!addressed) {
    if (!msg.isText) return IGNORE
    return pendingAnswer(s) ?? IGNORE
  }
  if (!msg.isText) return { kind: 'reply', text: NOT_TEXT }
  if (keyword === '绑定') return { kind: 'command', name: '绑定' }
  // any group's own words: the bureau group and unit groups alike need a push address on WeCom
  if (keyword === PUSH_ADDRESS) return { kind: 'command', name: '推送地址' }
  if (binding?.kind === 'bureau-room') return bureauCommand(keyword, msg.mentionedBot)
  if (BUREAU_COMMANDS.includes(keyword)) return { kind: 'reply', text: `${BUREAU_ONLY}${nearMiss ?? ''}` }

  if (!s.dialog || msg.text === '接管' || msg.text === '保留') {
    const answer = pendingAnswer(s)
    if (answer) return answer
  }

  const unit = unitOf(s, keyword)
  if (unit.kind !== 'unit') return unit.decision
  const command = unitCommand(keyword, msg.text, unit.unitCode, nearMiss)
  if (s.dialog)
    return {
      kind: 'dialog-input',
      unitCode: unit.unitCode,
      otherwise: msg.mentionedBot || COMMANDS.has(keyword) ? command : null,
    }
  return command
}

/**
 * A file: WeChat delivers files in groups without an @ (none can be added), so in a unit's or a shared
 * group any .xlsx is taken as sent to the bot; another file only when it is addressed to the bot (a
 * private chat, a platform that lets the sender @ the robot), else a PDF shared among colleagues would be
 * answered. Files in the bureau group are not the chat's; in an unbound group an addressed file is told
 * to bind first. The unit is the group's, or the sender's own (as for text).
 */
function fileDecision(s: Situation, name: string): Decision {
  const { binding, msg } = s
  const addressed = msg.mentionedBot || isXlsxName(name)
  if (!addressed || binding?.kind === 'bureau-room') return IGNORE
  if (msg.where.kind === 'group' && !binding)
    return msg.mentionedBot ? { kind: 'reply', text: NOT_BOUND_GROUP } : IGNORE
  const unit = unitOf(s, '')
  return unit.kind === 'unit' ? { kind: 'file', unitCode: unit.unitCode } : unit.decision
}

/** The answer to the pending choice, undefined when the text answers none, or what must be read first. */
function pendingAnswer(s: Situation): Decision | undefined {
  if (s.pending === undefined) return need('pending')
  const choice = s.pending
  if (!choice) return undefined
  const text = s.msg.text.trim()
  if (choice.kind === 'takeover')
    return text === '接管'
      ? { kind: 'pending-choice', answer: { kind: 'takeover', dialogId: choice.dialogId } }
      : undefined
  if (choice.kind === 'file-keep')
    return text === '保留' ? { kind: 'pending-choice', answer: { kind: 'file-keep', choice } } : undefined
  if (choice.kind === 'pick-unit') {
    const picked = choice.options[Number(text) - 1] ?? choice.options.find((o) => text && o.label.includes(text))
    return picked ? { kind: 'pending-choice', answer: { kind: 'pick-unit', unitCode: picked.unitCode } } : undefined
  }
  if (choice.kind !== 'pick-form') return undefined
  // a pick concerns the unit the list was shown for: the group's unit, else the person's first
  const current = s.binding?.kind === 'unit-room' && s.binding.unitCode ? s.binding.unitCode : undefined
  if (current === undefined && s.memberUnits === undefined) return need('member-units')
  if ((current ?? s.memberUnits?.[0] ?? null) !== choice.unitCode) return undefined
  const pick = pickForm(text, choice.options)
  return pick ? { kind: 'pending-choice', answer: { kind: 'pick-form', choice, pick } } : undefined
}

/**
 * Which unit a message speaks for: a unit's own group → that unit; a shared group or a private chat →
 * the unit the person bound themself to. A person bound to several units who starts filling in a
 * private chat is asked which one.
 */
function unitOf(
  s: Situation,
  keyword: string,
): { kind: 'unit'; unitCode: string } | { kind: 'other'; decision: Decision } {
  if (s.binding?.kind === 'unit-room' && s.binding.unitCode) return { kind: 'unit', unitCode: s.binding.unitCode }
  const units = s.memberUnits
  if (units === undefined) return { kind: 'other', decision: need('member-units') }
  const inGroup = s.msg.where.kind === 'group'
  if (units.length === 0) {
    const where = inGroup ? '在本群' : '在单位工作群或多单位群'
    return {
      kind: 'other',
      decision: { kind: 'reply', text: `您还没有绑定单位。请${where}发送“绑定 绑定码”（绑定码向财政局绩效股索取）。` },
    }
  }
  if (units.length > 1 && !inGroup && keyword === '填报')
    return { kind: 'other', decision: { kind: 'ask-unit', units } }
  return { kind: 'unit', unitCode: units[0] }
}

function unitCommand(keyword: string, text: string, unitCode: string, nearMiss: string | undefined): UnitCommand {
  if (keyword === '填报' || keyword === '模板')
    return { kind: 'command', name: keyword, unitCode, argument: argumentOf(text) }
  if (keyword === '继续' || keyword === '进度' || keyword === '已录入')
    return { kind: 'command', name: keyword, unitCode }
  return nearMiss !== undefined ? { kind: 'near-miss', hint: nearMiss } : { kind: 'command', name: '帮助' }
}

function bureauCommand(keyword: string, mentioned: boolean): Decision {
  if (
    keyword === '进度' ||
    keyword === '催报' ||
    keyword === '解绑' ||
    keyword === '已录入' ||
    keyword === '帮助' ||
    keyword === '登录'
  )
    return { kind: 'bureau-command', name: keyword }
  return mentioned ? { kind: 'bureau-command', name: '帮助' } : IGNORE
}
