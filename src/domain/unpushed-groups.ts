import type { BindingKind } from './binding.js'

/**
 * A WeCom group bound through the 智能机器人 without a push address (webhookKey): the robot can only
 * reply there, so reminders, notices and 催报 to it are kept dead (“企业微信群未设置推送地址…”) until
 * someone in the group sets one. The bureau is told in its digests, naming the groups.
 */
export interface UnpushedGroup {
  kind: BindingKind
  roomId: string
  /** WeCom's callback gives no group name: usually empty */
  roomTopic?: string
  /** the unit of a unit's own group */
  unitName?: string
}

/** How a group is named to the bureau: its topic when known, else whose group it is. */
export function unpushedGroupLabel(g: UnpushedGroup): string {
  if (g.roomTopic) return g.roomTopic
  if (g.kind === 'bureau-room') return '财政局群'
  if (g.kind === 'unit-room' && g.unitName) return `${g.unitName}的群`
  return `共享群 ${g.roomId}`
}

/** The digest's line, or '' when every WeCom group has a push address. */
export function unpushedGroupsLine(labels: readonly string[]): string {
  if (labels.length === 0) return ''
  return `${labels.length} 个企业微信群未设置推送地址：${labels.join('、')}（在群里 @机器人 推送地址 <地址>），发往这些群的提醒和通知暂未送达。`
}
