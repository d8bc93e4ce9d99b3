import { bind } from './bind.js'
import { keepFile } from './keep-file.js'
import { bureauCommand } from './bureau-command.js'
import type { ChatDeps } from './chat-deps.js'
import type { TurnContext } from './chat-core.js'
import { confirmNotice } from './confirm-notice.js'
import type { Decision, UnitCommand } from './decide.js'
import { UNIT_HELP } from './help-texts.js'
import { pickForm } from './pick-form.js'
import { receiveFile } from './receive-file.js'
import { reportEntry } from './report-entry.js'
import { askUnit, pickUnit } from './pick-unit.js'
import { sendTemplates } from './send-templates.js'
import { setPushAddress } from './set-push-address.js'
import { startFiling } from './start-filing.js'
import { takeOver } from './take-over.js'
import { unitProgress } from './unit-progress.js'

/** Carries out one decision of decide.ts through its use case; the replies to send. */
export async function act(d: ChatDeps, t: TurnContext, decision: Decision): Promise<string[]> {
  switch (decision.kind) {
    case 'need':
    case 'ignore':
      return []
    case 'reply':
      return [decision.text]
    case 'bureau-command':
      return bureauCommand(d, t, decision.name)
    case 'notice-confirm':
      return confirmNotice(d, t, decision.draftId, decision.confirmed)
    case 'notice-ack': {
      // an open dialog repeats its question instead of taking 收到 as an answer
      if (!decision.inDialog || !t.dialog) return []
      const noted = decision.recorded ? [`已记录收到通知《${decision.title}》。`] : []
      return [...noted, ...(await d.dialogs.resume(t.dialog))]
    }
    case 'pending-choice': {
      const a = decision.answer
      if (a.kind === 'takeover') return takeOver(d, t, a.dialogId)
      if (a.kind === 'pick-unit') return pickUnit(d, t, a.unitCode)
      if (a.kind === 'file-keep') return keepFile(d, t, a.choice)
      return pickForm(d, t, a.choice, t.msg.text.trim(), a.pick)
    }
    case 'ask-unit':
      return askUnit(d, t, decision.units)
    case 'dialog-input': {
      const replies = t.dialog ? await d.dialogs.input(t.dialog, t.msg.text, t.msg.id) : null
      if (replies) return replies
      // the dialog ended or was parked meanwhile: the message is handled as said outside a dialog
      return decision.otherwise ? unitCommand(d, t, decision.otherwise) : []
    }
    case 'command':
      if (decision.name === '绑定') return bind(d, t)
      if (decision.name === '推送地址') return setPushAddress(d, t)
      return unitCommand(d, t, decision)
    case 'near-miss':
      return unitCommand(d, t, decision)
    case 'file':
      return receiveFile(d, t, decision.unitCode)
  }
}

function unitCommand(d: ChatDeps, t: TurnContext, c: UnitCommand): Promise<string[]> | string[] {
  if (c.kind === 'near-miss') return [c.hint]
  switch (c.name) {
    case '填报':
      return startFiling(d, t, c.unitCode, c.argument)
    case '模板':
      return sendTemplates(d, t, c.unitCode, c.argument)
    case '继续':
      return resume(d, t, c.unitCode)
    case '进度':
      return unitProgress(d, c.unitCode)
    case '已录入':
      return reportEntry(d, t, c.unitCode)
    case '帮助':
      return [UNIT_HELP]
  }
}

/** `继续`: the person's parked dialog here resumes; none → filing starts as with 填报. */
async function resume(d: ChatDeps, t: TurnContext, unitCode: string): Promise<string[]> {
  const parked = await d.dialogs.findOpen(t.person, t.place.roomId, ['parked'])
  return parked ? d.dialogs.resume(parked, t.place) : startFiling(d, t, unitCode)
}
