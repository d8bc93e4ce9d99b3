import type { ChatDeps } from './chat-deps.js'
import type { TurnContext } from './chat-core.js'
import type { BureauCommandName } from './decide.js'
import { consoleLoginLink } from './console-login-link.js'
import { BUREAU_HELP } from './help-texts.js'
import { argumentOf } from './inbound-message.js'
import { manualReminder } from './manual-reminder.js'
import { markEntry } from './mark-entry.js'
import { noticeCommand, noticeReport } from './notice-commands.js'
import { roundProgress } from './round-progress.js'

/** Commands of the bureau's own group; its members are bureau staff. */
export async function bureauCommand(d: ChatDeps, turn: TurnContext, name: BureauCommandName): Promise<string[]> {
  const arg = argumentOf(turn.msg.text)
  switch (name) {
    case '进度':
      return roundProgress(d)
    case '催报': {
      const unit = await d.bindings.findUnit(arg)
      if (!unit) return [`找不到单位“${arg}”，请发送单位代码或完整名称。`]
      return [await manualReminder(d, unit, turn)]
    }
    case '解绑': {
      const unit = await d.bindings.findUnit(arg)
      if (!unit) return [`找不到单位“${arg}”，请发送单位代码或完整名称。`]
      const n = await d.bindings.unbindUnit(unit.code)
      return [n ? `已解除「${unit.name}」的 ${n} 个绑定。` : `「${unit.name}」没有有效的绑定。`]
    }
    case '已录入':
      return [await markEntry(d, turn, arg)]
    case '通知':
      return noticeCommand(d, turn)
    case '通知情况':
      return noticeReport(d, turn)
    case '登录':
      return consoleLoginLink(d, turn)
    case '帮助':
      return [BUREAU_HELP]
  }
}
