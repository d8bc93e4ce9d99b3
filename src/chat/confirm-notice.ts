import type { ChatDeps, ChatTurn } from './chat-deps.js'

/** `确认` / `取消` from the person whose notice draft awaits confirmation (decide checked that one does). */
export async function confirmNotice(
  d: ChatDeps,
  turn: ChatTurn,
  draftId: string,
  confirmed: boolean,
): Promise<string[]> {
  await d.pending.clear(turn.place.roomId, turn.person.id)
  if (!confirmed) {
    await d.notices.broadcast.discard(draftId)
    return ['已取消，通知未发送。']
  }
  const n = await d.notices.broadcast.confirm(draftId)
  d.notices.acks.noticeSent()
  if (!n) return ['该通知已发送或已取消。']
  if (n === 'expired') return ['确认已超时（30 分钟），通知未发送。请重新发送“通知 …”。']
  return [`已开始发送通知《${n.title}》到 ${n.routes.length} 个群。发送“通知情况”查看各单位收到情况。`]
}
