import type { FormTemplate } from '../forms/template.js'
import { say } from './conclude.js'
import { computed, type Turn } from './turn.js'
import type { DialogInput, Refusal } from './types.js'

/** The one confirmation of a submission, said once it is stored: which version, late or not, deviations. */
export function submittedText(
  template: Pick<FormTemplate, 'title'>,
  s: { version: number; onTime: boolean; flagged: number },
): string {
  const late = s.onTime ? '' : '已过截止时间，记为逾期提交。'
  const flagged = s.flagged ? `共 ${s.flagged} 处偏差已附说明。` : ''
  return `已提交《${template.title}》（第 ${s.version} 版）。${late}${flagged}财政局审核后如需修改会再通知您。`
}

/** Why a submission was not stored, and how to go on: the answers are all kept. */
export function refusedText(reason: Refusal): string {
  if (reason.type === 'edited') {
    return `提交未成功：您填写期间，${reason.by}保存了本表的第 ${reason.version} 版（${reason.draft ? '草稿' : '已提交'}）。再次发送“提交”将以您本次填写的内容为准；如要改用对方的内容，请发送“取消”后再发送“填报”载入。`
  }
  const why = /[。！？.!?]$/.test(reason.message) ? reason.message : `${reason.message}。`
  return `提交未成功：${why}\n已填写的内容都已保留：问题解决后回复“确认”即可再次提交，也可回复“修改 N”修改第 N 项。`
}

/**
 * The host's report on storing the submission of a completed dialog: stored → the receipt; refused →
 * why, and the dialog is open again at the submit confirmation with every answer.
 */
export function settle(t: Turn, input: Extract<DialogInput, { kind: 'stored' | 'refused' }>): void {
  const s = t.state
  if (!s.done || s.outcome !== 'completed')
    throw new Error(`a '${input.kind}' report for a dialog that is not completed`)
  if (input.kind === 'stored')
    return say(t, [
      submittedText(t.template, { version: input.version, onTime: input.onTime, flagged: computed(t).flagged.length }),
    ])
  s.done = false
  delete s.outcome
  s.cursor = -1
  s.pending = { type: 'submit' }
  say(t, [refusedText(input.reason)])
}
