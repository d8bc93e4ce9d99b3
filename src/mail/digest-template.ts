import type { Digest, DigestRow } from '../domain/digest.js'
import { unpushedGroupsLine } from '../domain/unpushed-groups.js'

/**
 * A digest as an e-mail: plain text and HTML that reads on a phone (one column, one block per unit, the
 * phone number a tel: link, no wide table). Example text:
 *
 *   王局长，您好：
 *   2027年1-6月预算绩效运行监控：全县123个单位，已完成100个，未完成23个；您分管范围内逾期未报5个。
 *   1. 示例县林业局 — 逾期3天
 *      未交：项目支出绩效目标执行监控表
 *      财务：张丽 13900000042
 *
 * With the list attached (more than ATTACH_OVER rows) the body names only the BODY_ROWS most overdue
 * units and says how many more are in the attachment: a whole-county digest of thousands of units is
 * read in Excel, not scrolled on a phone, and rendering it twice cost more than building it.
 */
export const BODY_ROWS = 20

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

export function renderDigest(d: Digest, recipient: string, attached: boolean): RenderedMail {
  const [, m, day] = d.day.split('-').map(Number)
  const date = `${m}月${day}日`
  const c = d.counts
  const subject =
    d.kind === 'overdue'
      ? `【逾期通报】${d.roundTitle}绩效运行监控：${d.rows.length}个单位逾期未报（${date}）`
      : `【进度周报】${d.roundTitle}绩效运行监控：已完成${c.complete}/${c.units}（${date}）`
  // a round that requires the platform entry: units with every form in but not entered are listed too
  const awaiting = c.awaitingEntry ? `（含已提交、未在平台录入${c.awaitingEntry}个）` : ''
  const summary =
    `${d.roundTitle}预算绩效运行监控：全县${c.units}个单位，已完成${c.complete}个，未完成${c.pending}个；` +
    (d.kind === 'overdue'
      ? `您分管范围内逾期未报${d.rows.length}个${awaiting}，请督促。`
      : `其中已逾期${c.overdue}个${awaiting}。`)
  const noReach =
    d.unreachable.length > 0
      ? `以下${d.unreachable.length}个单位未绑定微信群或联系人，催报无法送达，请电话联系：${d.unreachable.map((u) => u.name).join('、')}。`
      : ''
  const noPush = unpushedGroupsLine(d.unpushedGroups)
  const shown = attached ? d.rows.slice(0, BODY_ROWS) : d.rows
  const rest = d.rows.length - shown.length
  const listTitle =
    rest > 0
      ? d.kind === 'overdue'
        ? `逾期最久的${shown.length}个单位：`
        : `未完成单位（前${shown.length}个）：`
      : d.kind === 'overdue'
        ? '逾期未报单位：'
        : '未完成单位：'
  const more = attached ? `${rest > 0 ? `另有${rest}个单位未在正文列出，` : ''}完整名单见附件（Excel）。` : ''

  const text = [
    `${recipient}，您好：`,
    summary,
    ...(noReach ? [noReach] : []),
    ...(noPush ? [noPush] : []),
    ...(shown.length > 0 ? [listTitle, ...shown.map(textRow)] : ['所有单位均已按时提交。']),
    ...(more ? [more] : []),
    '—— 填报助手（本邮件由系统自动发送）',
  ].join('\n')

  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="margin:0;padding:12px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.6;color:#222">
<div style="max-width:600px;margin:0 auto">
<p>${esc(recipient)}，您好：</p>
<p>${esc(summary)}</p>
${noReach ? `<p style="color:#b45309">${esc(noReach)}</p>` : ''}
${noPush ? `<p style="color:#b45309">${esc(noPush)}</p>` : ''}
${shown.length > 0 ? `<p><b>${listTitle}</b></p>${shown.map(htmlRow).join('\n')}` : '<p>所有单位均已按时提交。</p>'}
${more ? `<p>${more}</p>` : ''}
<p style="color:#888;font-size:13px">—— 填报助手（本邮件由系统自动发送）</p>
</div></body></html>`
  return { subject, text, html }
}

function late(r: DigestRow): string {
  return r.daysOverdue > 0 ? `逾期${r.daysOverdue}天` : `截止${r.deadline}`
}

function textRow(r: DigestRow, i: number): string {
  return `${i + 1}. ${r.unitName} — ${late(r)}\n   未交：${r.missing.join('、')}\n   财务：${r.financeName} ${r.financePhone}`.trimEnd()
}

function htmlRow(r: DigestRow): string {
  const phone = r.financePhone ? ` <a href="tel:${esc(r.financePhone)}">${esc(r.financePhone)}</a>` : ''
  const color = r.daysOverdue > 0 ? '#b91c1c' : '#555'
  return `<div style="border-top:1px solid #ddd;padding:8px 0"><b>${esc(r.unitName)}</b> <span style="color:${color}">${esc(late(r))}</span><br>未交：${esc(r.missing.join('、'))}<br>财务：${esc(r.financeName)}${phone}</div>`
}

export function esc(s: string): string {
  if (!/[&<>"']/.test(s)) return s
  return s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  )
}
