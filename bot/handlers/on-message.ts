import type { Container } from '../../src/container.js'
import { chatErrorText, isForUser } from '../../src/engine/index.js'
import { keywordOf, argumentOf, type ChatTurn } from '../chat-turn.js'
import { answerPending, startFiling, unitProgress, UNIT_HELP } from './unit-commands.js'
import { bureauCommand, BUREAU_COMMANDS } from './bureau-commands.js'
import { currentUnit, resolveUnit } from './resolve-unit.js'
import { noticeTurn } from './notice-turn.js'
import { retryLater } from './retry-later.js'

/** Words that address the bot when they start a message, even without an @mention. */
export const COMMANDS = new Set(['填报', '进度', '帮助', '绑定', '继续', '接管', ...BUREAU_COMMANDS])

/**
 * Words clerks say when they mean a unit command; said as the whole first word of a message (trailing
 * punctuation aside) they get a one-line hint naming the command, instead of silence. "上报了" or
 * "我们什么时候填表" are chatter and stay unanswered. 催报 is a bureau command: a unit hears where to look.
 */
export const NEAR_MISSES: Readonly<Record<string, string>> = {
  填表: '填报', 上报: '填报', 报表: '填报', 填写: '填报', 报送: '填报', 申报: '填报', 我要填报: '填报', 开始填报: '填报',
  进展: '进度', 查进度: '进度', 截止时间: '进度', 催报: '进度',
  继续填: '继续', 接着填: '继续', 恢复: '继续',
  菜单: '帮助', 说明: '帮助', 怎么用: '帮助', 命令: '帮助',
  接手: '接管',
}

const NEAR_MISS_HINTS: Readonly<Record<string, string>> = {
  填报: '要开始填写请发送“填报”。',
  进度: '要查看本单位的填报进度请发送“进度”。',
  继续: '要继续暂停的填报请发送“继续”。',
  帮助: '要查看可用的命令请发送“帮助”。',
  接管: '要接着同事的填报继续填写请发送“接管”。',
}

/** The hint for a near-miss keyword ("填表", "上报？"), or undefined. */
export function nearMissHint(keyword: string): string | undefined {
  const command = NEAR_MISSES[keyword.replace(/[。.!！?？~～]+$/, '')]
  return command === undefined ? undefined : NEAR_MISS_HINTS[command]
}

const NOT_TEXT = '目前只能处理文字消息，请用文字回复（例如“填报”“进度”“帮助”）。'

/**
 * Routes one turn: guard clauses first (unbound rooms, chatter not addressed to the bot), then a
 * command, a pending choice, or the open dialog; the replies go out through the outbox, keyed by the
 * message id. Run for each journaled message (inbound-handler.ts) — again after a crash, so every step
 * is safe to repeat: a dialog turn already stored returns its stored replies, the outbox keeps one reply.
 * The one error boundary of the chat: a refusal meant for the user is answered with its message, the
 * database being away is left to the journal's retry, anything else is logged and answered with a
 * generic line (chatErrorText).
 */
export async function handleTurn(c: Container, turn: ChatTurn): Promise<void> {
  let replies: string[]
  try {
    // taken by a dialog before the crash: answered the same, not applied twice
    const replayed = turn.replayed ? await c.chat.dialogs.replayOf(turn.id) : null
    replies = replayed ?? (await route(c, turn))
  } catch (err) {
    if (retryLater(err)) throw err
    if (!isForUser(err)) c.logger.error({ err, messageId: turn.id }, 'chat turn failed')
    replies = [chatErrorText(err)]
  }
  if (replies.length) await c.chat.replier.reply(turn.place, turn.person, turn.id, replies)
}

async function route(c: Container, turn: ChatTurn): Promise<string[]> {
  const keyword = keywordOf(turn.text)
  if (turn.place.roomId && !turn.binding) {
    return keyword === '绑定' ? bind(c, turn) : [] // unbound rooms: only 绑定
  }
  const dialog = await c.chat.dialogs.findOpen(turn.person, turn.place.roomId)
  // before dialog input: while a notice awaits 收到 in this room, the keyword is an acknowledgement
  const notice = await noticeTurn(c, turn, dialog)
  if (notice) return notice
  // a near-miss word addresses the bot in unit groups and private chats (the bureau group has its own words)
  const nearMiss = turn.binding?.kind === 'bureau-room' ? undefined : nearMissHint(keyword)
  const addressed = turn.mentioned || COMMANDS.has(keyword) || dialog !== null || nearMiss !== undefined
  if (!addressed) {
    // a bare reply to a question the bot asked (a form number, 接管) still counts
    if (!turn.isText) return []
    return (await answerPending(c, turn, await currentUnit(c, turn))) ?? []
  }
  if (!turn.isText) return [NOT_TEXT]
  if (keyword === '绑定') return bind(c, turn)
  if (turn.binding?.kind === 'bureau-room') return bureauCommand(c, turn, keyword)
  if (BUREAU_COMMANDS.includes(keyword)) return [`该命令仅限财政局工作人员在财政局工作群使用。${nearMiss ?? ''}`]

  // a question the bot asked outside a form (which form? which unit? take over?) is answered before any
  // dialog starts; inside an open dialog only 接管 can still answer one (anything else is dialog input)
  if (!dialog || turn.text === '接管') {
    const pending = await answerPending(c, turn, await currentUnit(c, turn))
    if (pending) return pending
  }
  const unit = await resolveUnit(c, turn)
  if (!unit.unitCode) return unit.replies
  const unitCode = unit.unitCode
  if (dialog) {
    const replies = await c.chat.dialogs.input(dialog, turn.text, turn.id)
    if (replies) return replies
    // the dialog ended or was parked meanwhile: the message is handled as said outside a dialog
    if (!turn.mentioned && !COMMANDS.has(keyword)) return []
  }
  switch (keyword) {
    case '填报':
      return startFiling(c, turn, unitCode, argumentOf(turn.text))
    case '继续': {
      const parked = await c.chat.dialogs.findOpen(turn.person, turn.place.roomId, ['parked'])
      return parked ? c.chat.dialogs.resume(parked, turn.place) : startFiling(c, turn, unitCode)
    }
    case '进度':
      return unitProgress(c, unitCode)
    default:
      return [nearMiss ?? UNIT_HELP]
  }
}

async function bind(c: Container, turn: ChatTurn): Promise<string[]> {
  const code = argumentOf(turn.text)
  if (!code) return ['请发送“绑定 绑定码”，绑定码向财政局绩效股索取。']
  const r = await c.chat.bindings.bind(turn.place, turn.person, code)
  return [r.reply]
}
