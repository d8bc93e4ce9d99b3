import type { NoticeTargets } from '../domain/notice-targets.js'
import type { NoticeUnitStatus } from '../services/notices/notice-status.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'
import { argumentOf } from './inbound-message.js'
import { packLines } from './pack-lines.js'

/** A notice from the bureau group asks for one reminder a day later to units that stay silent. */
export const CHAT_FOLLOW_UP_MINUTES = 24 * 60

const USAGE =
  '发送通知的格式：\n通知 全部：标题\n正文……\n（“全部”也可换成“乡镇”“部门”、单位标签，或单位代码，多个用顿号分隔）'

/**
 * `通知 全部：关于报送2027年1-6月绩效运行监控表的通知\n请各单位于7月10日前……` — the first line after the
 * colon is the title, the rest the body. Nothing is sent yet: the bot answers with the number of
 * groups and waits for `确认` from the same person (a 'confirm-notice' pending choice).
 */
export async function noticeCommand(d: ChatDeps, turn: ChatTurn): Promise<string[]> {
  const arg = argumentOf(turn.msg.text)
  const colon = arg.search(/[:：]/)
  if (colon <= 0) return [USAGE]
  const content = arg.slice(colon + 1).trim()
  const [title, ...rest] = content.split('\n')
  if (!title?.trim()) return [USAGE]
  const targets = await parseTargets(d, arg.slice(0, colon).trim())
  if ('error' in targets) return [targets.error]
  // a refusal (an AppError for the user) becomes chat text at the one boundary, ChatCore.handle
  const s = await d.notices.broadcast.create(
    {
      title: title.trim().slice(0, 100),
      body: rest.join('\n').trim(),
      targets,
      followUpAfterMinutes: CHAT_FOLLOW_UP_MINUTES,
    },
    { kind: 'chat', id: turn.person.id, name: turn.person.name },
    { draft: true },
  )
  await d.pending.set(turn.place.roomId, turn.person.id, { kind: 'confirm-notice', noticeDraftId: s.id })
  const missing = s.noGroup.length
    ? `\n其中 ${s.noGroup.length} 个单位没有绑定工作群，收不到：${s.noGroup.map((u) => u.unitName).join('、')}`
    : ''
  return [
    `将向 ${s.groups} 个群发送通知《${s.title}》（${s.targets}，共 ${s.units} 个单位）。${missing}\n确认发送请回复“确认”，放弃请回复“取消”。`,
  ]
}

/** `通知情况` (the latest notice) or `通知情况 标题关键词`: counts, then who has not acknowledged. */
export async function noticeReport(d: ChatDeps, turn: ChatTurn): Promise<string[]> {
  const query = argumentOf(turn.msg.text)
  const n = await d.notices.broadcast.find(query)
  if (!n) return [query ? `找不到标题含“${query}”的通知。` : '还没有发送过通知。']
  const s = await d.notices.broadcast.status(n)
  const k = s.counts
  const head = `通知《${s.title}》（${s.targets}）\n共 ${k.units} 个单位：已送达 ${k.delivered}，待发送 ${k.pending}，发送失败 ${k.failed}，无绑定群 ${k.noGroup}；已回复“${s.ackKeyword}” ${k.acknowledged}。`
  const names = (pick: (u: NoticeUnitStatus) => boolean) =>
    s.units
      .filter(pick)
      .map((u) => u.unitName)
      .join('、')
  const lines = [
    [`未回复：`, names((u) => u.delivery === 'sent' && !u.acknowledged)],
    [`待发送：`, names((u) => u.delivery === 'pending')],
    [`发送失败：`, names((u) => u.delivery === 'failed')],
    [`无绑定群：`, names((u) => u.delivery === 'no-group')],
  ]
    .filter(([, list]) => list)
    .map(([label, list]) => label + list)
  if (s.ackRequired && k.notAcknowledged === 0 && k.delivered > 0) lines.unshift('已送达的单位均已回复。')
  return packLines(head, lines, '\n')
}

/** 全部 / 乡镇 / 部门, a unit tag, or unit codes (or names) separated by 、，, or spaces. */
async function parseTargets(d: ChatDeps, words: string): Promise<NoticeTargets | { error: string }> {
  if (['全部', '所有', '所有单位', '全体', '全县'].includes(words)) return { kind: 'all' }
  if (words === '乡镇') return { kind: 'townships' }
  if (words === '部门') return { kind: 'departments' }
  const tokens = words.split(/[,，、;；\s]+/).filter(Boolean)
  if (tokens.length === 0) return { error: USAGE }
  if (tokens.length === 1 && (await d.lookups.tagInUse(tokens[0]))) return { kind: 'tag', tag: tokens[0] }
  const codes: string[] = []
  const unknown: string[] = []
  for (const t of tokens) {
    const unit = await d.bindings.findUnit(t)
    if (unit) codes.push(unit.code)
    else unknown.push(t)
  }
  if (unknown.length) return { error: `找不到单位或标签：${unknown.join('、')}。请用单位代码、完整名称或标签。` }
  return { kind: 'units', codes: [...new Set(codes)] }
}
