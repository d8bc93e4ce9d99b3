import { formTitles } from '../../forms/titles.js'
import { deadlineLabel, timeLeft } from '../../domain/reminder-text.js'
import type { Round } from '../../domain/types.js'
import { esc } from '../../mail/digest-template.js'
import { PRIORITY, type OutboxInput } from '../../domain/outbox-message.js'
import type { DueUnit } from './due-units.js'

/**
 * Day 1 after the due date: an e-mail to the unit head (contact with role 'head'), key
 * `escalation:<round>:<unit>:head@<due day>`. A unit whose head has no e-mail address is returned so
 * the caller can count it; the managers' digest from day 2 names the unit anyway.
 */
export function headEmails(
  round: Round,
  due: readonly DueUnit[],
  now: Date,
  zone: string,
): { messages: OutboxInput[]; noAddress: string[] } {
  const messages: OutboxInput[] = []
  const noAddress: string[] = []
  // time-zone maths once per deadline, not per unit (see textInput)
  const words = new Map<number, { label: string; left: string }>()
  for (const d of due) {
    const a = d.actions.find((x) => x.kind === 'head-email')
    if (!a) continue
    const heads = d.unit.contacts.filter((c) => c.role === 'head' && c.email)
    if (heads.length === 0) {
      noAddress.push(d.unit.code)
      continue
    }
    const finance = d.unit.contacts.find((c) => c.role === 'finance')
    const forms = formTitles(a.missing)
    const w = words.get(a.deadline.getTime()) ?? {
      label: deadlineLabel(a.deadline, zone),
      left: timeLeft(a.deadline, now, zone),
    }
    words.set(a.deadline.getTime(), w)
    const owed = a.entry
      ? [
          `贵单位（${d.unit.name}）${round.title}预算绩效运行监控表已提交，但截止时间${w.label}已过（${w.left}），仍未在预算管理一体化平台完成录入（本轮要求平台录入后方为完成）。`,
        ]
      : [
          `贵单位（${d.unit.name}）${round.title}预算绩效运行监控表的填报截止时间为${w.label}，目前${w.left}，以下监控表仍未提交：`,
          ...forms.map((f, i) => `${i + 1}. ${f}`),
        ]
    const lines = [
      `${heads[0].name}，您好：`,
      ...owed,
      `请督促本单位财务人员${finance ? `（${finance.name}${finance.phone ? ` ${finance.phone}` : ''}）` : ''}尽快完成填报。逾期情况将报送分管领导，并纳入绩效公用经费考核。`,
      '—— 县财政局绩效管理股（本邮件由系统自动发送）',
    ]
    messages.push({
      key: `escalation:${round.id}:${d.unit.code}:${a.rule}`,
      priority: PRIORITY.alert,
      meta: { kind: 'escalation', roundId: round.id, unitCodes: [d.unit.code] },
      subject: a.entry
        ? `【逾期提醒】${d.unit.name}未按时完成${round.title}绩效运行监控平台录入`
        : `【逾期提醒】${d.unit.name}未按时提交${round.title}绩效运行监控表`,
      text: lines.join('\n'),
      html: `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="font-family:sans-serif;font-size:15px;line-height:1.6;max-width:600px;margin:0 auto;padding:12px">${lines.map((l) => `<p style="margin:6px 0">${esc(l)}</p>`).join('')}</body></html>`,
      target: { channel: 'email', to: heads.map((h) => h.email as string) },
    })
  }
  return { messages, noAddress }
}
