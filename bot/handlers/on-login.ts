import type { Wechaty } from 'wechaty'
import type { Container } from '../../src/container.js'
import { dialogModel } from '../../src/db/models/dialog.js'
import { chatPendingModel } from '../../src/db/models/chat-pending.js'
import { PRIORITY } from '../../src/outbox/message.js'

/**
 * After a login, puppets such as wechat4u give rooms and contacts new ids. Re-match every binding by
 * its room topic and member display name, and move open dialogs along; what cannot be matched is
 * reported to the bureau group, never silently dropped.
 */
export async function rematchBindings(c: Container, bot: Wechaty, account: string): Promise<{ moved: number; lost: string[] }> {
  const dialogs = dialogModel(c.conn)
  const pendings = chatPendingModel(c.conn)
  const roomIds = new Map<string, string>()
  const lost: string[] = []
  let moved = 0
  for (const b of await c.chat.bindings.activeRoomBindings(account)) {
    const byId = b.roomId ? await safe(() => bot.Room.find({ id: b.roomId })) : undefined
    if (byId && (await safe(() => byId.topic())) !== undefined) continue
    const byTopic = b.roomTopic ? await safe(() => bot.Room.find({ topic: b.roomTopic })) : undefined
    if (!byTopic || !b.roomId) {
      lost.push(`群「${b.roomTopic}」`)
      continue
    }
    roomIds.set(b.roomId, byTopic.id)
    await c.chat.bindings.updateIds(b._id, { roomId: byTopic.id })
    await dialogs.updateMany({ roomId: b.roomId }, { $set: { roomId: byTopic.id } })
    await pendings.deleteMany({ roomId: b.roomId })
    moved++
  }
  for (const m of await c.chat.bindings.activeMemberBindings(account)) {
    const newRoomId = m.roomId ? (roomIds.get(m.roomId) ?? m.roomId) : undefined
    const known = m.memberId ? await safe(() => bot.Contact.find({ id: m.memberId })) : undefined
    if (known && newRoomId === m.roomId) continue
    const room = newRoomId ? await safe(() => bot.Room.find({ id: newRoomId })) : undefined
    const found = room ? await safe(() => room.member(m.memberName ?? '')) : await safe(() => bot.Contact.find({ name: m.memberName ?? '' }))
    if (!found) {
      lost.push(`成员「${m.memberName}」`)
      continue
    }
    await c.chat.bindings.updateIds(m._id, { memberId: found.id, roomId: newRoomId })
    await dialogs.updateMany({ ownerId: m.memberId }, { $set: { ownerId: found.id } })
    moved++
  }
  moved += await rematchDialogOwners(c, bot)
  // dialogs moved to new room and owner ids above: what the dialog service kept in memory is stale
  c.chat.dialogs.forgetAll()
  if (lost.length) await reportLost(c, account, lost)
  c.logger.info({ account, moved, lost: lost.length }, 'bindings re-matched after login')
  return { moved, lost }
}

/** Open dialogs whose owner's id is no longer known: find the owner by display name in the dialog's room. */
async function rematchDialogOwners(c: Container, bot: Wechaty): Promise<number> {
  const dialogs = dialogModel(c.conn)
  let moved = 0
  for (const d of await dialogs.find({ status: { $in: ['active', 'parked'] } }, { ownerId: 1, ownerName: 1, roomId: 1 }).lean()) {
    if (await safe(() => bot.puppet.contactPayload(d.ownerId))) continue
    const room = d.roomId ? await safe(() => bot.Room.find({ id: d.roomId })) : undefined
    const found = room ? await safe(() => room.member(d.ownerName)) : await safe(() => bot.Contact.find({ name: d.ownerName }))
    if (!found) continue
    await dialogs.updateOne({ _id: d._id }, { $set: { ownerId: found.id } })
    moved++
  }
  return moved
}

async function reportLost(c: Container, account: string, lost: string[]): Promise<void> {
  const at = c.clock.now().toISOString().slice(0, 13)
  for (const room of await c.chat.bindings.bureauRooms()) {
    await c.outbox.enqueue({
      key: `binding-lost:${account}:${room.roomId}:${at}:${lost.join(',').slice(0, 200)}`,
      account,
      target: { channel: 'wechat', roomId: room.roomId, roomTopic: room.roomTopic },
      text: `重新登录后以下绑定无法找到，请核对（群名或昵称可能已修改）：\n${lost.join('\n')}`,
      priority: PRIORITY.alert,
      meta: { kind: 'binding-lost' },
    })
  }
}

async function safe<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn()
  } catch {
    return undefined
  }
}
