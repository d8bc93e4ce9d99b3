import { PRIORITY } from '../domain/outbox-message.js'
import type { ChatDeps } from './chat-deps.js'
import type { TurnContext } from './chat-core.js'
import { LOGIN_LINK_MINUTES } from '../services/access/console-login.js'

/**
 * `登录` in the bureau group: a one-time link to the web console for the person who asked, bound to the
 * role the bureau's staff list gives them. Sent one to one where the platform allows it (a WeChat friend,
 * DingTalk staff); else in the group, with a warning, since anyone there could open it first.
 */
export async function consoleLoginLink(d: ChatDeps, t: TurnContext): Promise<string[]> {
  const staff = await d.lookups.staffByChatName(t.person.name)
  if (!staff)
    return [`「${t.person.name}」不在财政局人员名单中，无法登录管理后台。请管理员把您加入名单（群昵称需与名单一致）。`]
  const { url } = await d.consoleLinks.issue({
    name: staff.name,
    role: staff.role ?? 'bureau_viewer',
    unitCode: staff.unitCode,
  })
  const text = `管理后台登录链接（${LOGIN_LINK_MINUTES} 分钟内有效，仅可使用一次）：\n${url}`
  if (t.msg.where.kind === 'group' && (await t.platform.canMessagePrivately(t.person.id))) {
    await d.outbox.enqueue({
      key: `console-login:${t.msg.id}`,
      account: t.place.account,
      target: { channel: 'wechat', contactId: t.person.id, contactName: t.person.name },
      text,
      priority: PRIORITY.reply,
      meta: { kind: 'console-login' },
    })
    return ['登录链接已私信发给您，请查收。']
  }
  return [`${text}\n⚠️ 该链接可直接登录，请勿转发；如非本人点击，请立即重新发送“登录”并报告管理员。`]
}
