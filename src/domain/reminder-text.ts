import { daysBetween, localParts } from './local-time.js'

/**
 * The words of reminders in WeChat groups. Pure: the deadline and now come in. Mentions are not
 * written here: the sender puts "@张丽 " in front from the message's mention list. Example (own group):
 *
 *   【催报提醒】2027年1-6月预算绩效运行监控
 *   示例县教育局还有以下监控表未提交：
 *   1. 项目支出绩效目标执行监控表
 *   截止时间：7月10日（周六）24:00，还剩3天。
 *   请在群里发送“填报”开始填写，也可在小程序中填报。
 */

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日']

/** '7月10日（周六）24:00' for a due instant of 23:59:59 that day. */
export function deadlineLabel(deadline: Date, zone: string): string {
  const { day, weekday } = localParts(deadline, zone)
  const [, m, d] = day.split('-').map(Number)
  return `${m}月${d}日（周${WEEKDAYS[weekday - 1]}）24:00`
}

/** '还剩3天' / '今天截止' / '已逾期2天' */
export function timeLeft(deadline: Date, now: Date, zone: string): string {
  const days = daysBetween(localParts(now, zone).day, localParts(deadline, zone).day)
  if (now > deadline) return `已逾期${Math.max(1, -days)}天`
  return days <= 0 ? '今天截止' : `还剩${days}天`
}

export interface TextInput {
  roundTitle: string
  /** deadlineLabel(deadline) */
  deadline: string
  /** timeLeft(deadline, now) */
  left: string
  /** day 1 after the due date: firmer words, the head has been told */
  firm: boolean
}

/**
 * The words that depend on time, computed once per deadline rather than once per unit: time-zone
 * maths costs ~50 µs a call, which is seconds over a 16,000-unit round.
 */
export function textInput(roundTitle: string, deadline: Date, now: Date, zone: string, firm: boolean): TextInput {
  return { roundTitle, deadline: deadlineLabel(deadline, zone), left: timeLeft(deadline, now, zone), firm }
}

/** `missing`: the titles of the tables still missing (formTitles in src/forms/titles.ts). */
export function ownGroupText(t: TextInput, unitName: string, missing: readonly string[]): string {
  const list = missing.map((f, i) => `${i + 1}. ${f}`)
  if (t.firm) {
    return [
      `【逾期催办】${t.roundTitle}预算绩效运行监控`,
      `${unitName}已超过截止时间（${t.deadline}），${t.left}，以下监控表仍未提交：`,
      ...list,
      '请今天内完成填报。逾期情况已告知单位负责人，并将报送分管领导。',
    ].join('\n')
  }
  return [
    `【催报提醒】${t.roundTitle}预算绩效运行监控`,
    `${unitName}还有以下监控表未提交：`,
    ...list,
    `截止时间：${t.deadline}，${t.left}。`,
    '请在群里发送“填报”开始填写，也可在小程序中填报。',
  ].join('\n')
}

/** One line per unit in a shared group, `missing` by short title: '3. 示例县林业局：项目支出表、自评公开网址' */
export function sharedLine(n: number, unitName: string, missing: readonly string[]): string {
  return `${n}. ${unitName}：${missing.join('、')}`
}

export function sharedGroupText(t: TextInput, lines: readonly string[], part?: { index: number; of: number }): string {
  const head = t.firm
    ? `【逾期催办】${t.roundTitle}预算绩效运行监控已超过截止时间（${t.deadline}），以下单位仍未提交，请今天内完成：`
    : `【催报提醒】${t.roundTitle}预算绩效运行监控，截止时间${t.deadline}，${t.left}。以下单位尚未提交：`
  const tail = part && part.of > 1 ? [`（第${part.index}/${part.of}条）`] : []
  return [head, ...lines, '请被@的财务人员发送“填报”开始填写。', ...tail].join('\n')
}

/**
 * A unit with every form in that the round still needs entered in the provincial platform (the round
 * requires it): the reminder asks for the entry, and says how to report it. Example (own group):
 *
 *   【录入提醒】2027年1-6月预算绩效运行监控
 *   示例县教育局的监控表已全部提交，本轮还需在预算管理一体化平台（绩效运行监控模块）完成录入。
 *   截止时间：7月10日（周六）24:00，还剩3天。
 *   录入完成后请在群里回复“已录入”。
 */
export function entryText(t: TextInput, unitName: string): string {
  if (t.firm) {
    return [
      `【逾期催办】${t.roundTitle}预算绩效运行监控`,
      `${unitName}已超过截止时间（${t.deadline}），${t.left}，监控表已提交，但尚未在预算管理一体化平台完成录入。`,
      '请今天内完成平台录入，录入后回复“已录入”。逾期情况已告知单位负责人，并将报送分管领导。',
    ].join('\n')
  }
  return [
    `【录入提醒】${t.roundTitle}预算绩效运行监控`,
    `${unitName}的监控表已全部提交，本轮还需在预算管理一体化平台（绩效运行监控模块）完成录入。`,
    `截止时间：${t.deadline}，${t.left}。`,
    '录入完成后请回复“已录入”。',
  ].join('\n')
}

/** The shared-group message for units that owe only the platform entry; `lines` from sharedLine with ['平台录入']. */
export function sharedEntryText(t: TextInput, lines: readonly string[], part?: { index: number; of: number }): string {
  const head = t.firm
    ? `【逾期催办】${t.roundTitle}预算绩效运行监控已超过截止时间（${t.deadline}），以下单位监控表已提交，但尚未在预算管理一体化平台完成录入，请今天内完成：`
    : `【录入提醒】${t.roundTitle}预算绩效运行监控，截止时间${t.deadline}，${t.left}。以下单位监控表已提交，尚需在预算管理一体化平台完成录入：`
  const tail = part && part.of > 1 ? [`（第${part.index}/${part.of}条）`] : []
  return [head, ...lines, '请被@的财务人员录入后回复“已录入”。', ...tail].join('\n')
}
