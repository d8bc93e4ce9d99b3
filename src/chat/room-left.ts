import { groupTarget } from '../domain/group-target.js'
import { PRIORITY } from '../domain/outbox-message.js'
import type { ChatDeps } from './chat-deps.js'

/** The bot was removed from a group: its bindings become inactive and the bureau group is told. */
export async function roomLeft(d: ChatDeps, account: string, roomId: string): Promise<void> {
  const lost = await d.bindings.roomLeft(roomId)
  if (lost.length === 0) return
  const topic = lost[0].roomTopic ?? roomId
  for (const b of await d.bindings.bureauRooms()) {
    await d.outbox.enqueue({
      key: `room-left:${roomId}:${d.clock.now().getTime()}`,
      // the bureau group may be on another channel than the group the bot left (e.g. WeCom)
      account: b.account,
      target: groupTarget(b),
      text: `机器人已被移出群「${topic}」，该群的绑定已失效（${lost.length} 个）。如需继续使用请重新拉入并绑定。`,
      priority: PRIORITY.alert,
      meta: { kind: 'room-left', unitCodes: lost.map((l) => l.unitCode).filter((u): u is string => Boolean(u)) },
    })
  }
}
