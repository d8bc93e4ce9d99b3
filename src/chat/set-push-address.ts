import { isWecomAccount } from '../domain/group-target.js'
import { AppError } from '../errors.js'
import type { ChatDeps } from './chat-deps.js'
import type { TurnContext } from './chat-core.js'
import { argumentOf } from './inbound-message.js'

const HOW =
  '在企业微信群设置 → 群机器人 → 添加机器人，复制它的 Webhook 地址，然后 @我 发送“推送地址 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…”（也可只发 key）。'
export const PUSH_ADDRESS_PRIVATE = `请在要接收提醒和通知的企业微信群里设置推送地址：${HOW}`
export const PUSH_ADDRESS_NOT_WECOM = '只有企业微信群需要设置推送地址，本群的提醒和通知可以直接送达。'
export const PUSH_ADDRESS_HOW = `本群的提醒和通知需要通过群机器人发送。${HOW}`
export const PUSH_ADDRESS_WRONG = `推送地址格式不对。${HOW}`
export const PUSH_ADDRESS_NOT_ALLOWED = '多单位共享群的推送地址只能由已在本群绑定单位的人员或财政局工作人员设置。'

/**
 * `推送地址 <webhook address or key>` in a WeCom group: the 智能机器人 can only reply, so reminders,
 * notices and 催报 reach the group through a group robot the group adds; this stores that robot's key on
 * the group's binding (audited, never echoed: the confirmation does not repeat it). In a unit's own group
 * or the bureau group anyone there may set it; in a shared group someone bound there or bureau staff.
 */
export async function setPushAddress(d: ChatDeps, t: TurnContext): Promise<string[]> {
  if (t.msg.where.kind !== 'group') return [PUSH_ADDRESS_PRIVATE]
  if (!isWecomAccount(t.msg.account)) return [PUSH_ADDRESS_NOT_WECOM]
  const input = argumentOf(t.msg.text)
  if (!input) return [PUSH_ADDRESS_HOW]
  const roomId = t.msg.where.id
  const binding = await d.bindings.roomBinding(roomId)
  if (binding?.kind === 'shared-room' && !(await mayEditShared(d, t, roomId))) return [PUSH_ADDRESS_NOT_ALLOWED]
  try {
    const r = await d.webhooks.setForRoom(roomId, input, {
      actor: `chat:${t.msg.account}:${t.person.id}`,
      role: binding?.kind === 'bureau-room' ? 'bureau-chat' : 'unit-chat',
    })
    const later = r.released ? `此前未能送达的 ${r.released} 条消息现在补发。` : ''
    return [`已设置本群的推送地址，提醒和通知将由群机器人发到本群。${later}为安全起见，可撤回刚才含地址的消息。`]
  } catch (err) {
    if (err instanceof AppError && err.status === 422) return [PUSH_ADDRESS_WRONG]
    throw err
  }
}

/** Bureau staff (members of a bureau group), or a person bound to a unit in this shared group. */
async function mayEditShared(d: ChatDeps, t: TurnContext, roomId: string): Promise<boolean> {
  const own = await d.lookups.memberBoundIn(t.person.id, roomId)
  if (own) return true
  const bureau = (await d.bindings.bureauRooms()).map((b) => b.roomId).filter((id): id is string => Boolean(id))
  return t.platform.inAnyRoom(t.person.id, bureau)
}
