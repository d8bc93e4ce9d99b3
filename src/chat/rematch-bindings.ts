import { groupTarget } from '../domain/group-target.js'
import { PRIORITY } from '../domain/outbox-message.js'
import type { ChatDeps } from './chat-deps.js'
import type { ChatPlatform } from './ports.js'

/**
 * After a login, puppets such as wechat4u give rooms and contacts new ids. Re-match every binding by
 * its room topic and member display name, and move open dialogs along; what cannot be matched is
 * reported to the bureau group, never silently dropped.
 */
export async function rematchBindings(
  d: ChatDeps,
  platform: ChatPlatform,
  account: string,
): Promise<{ moved: number; lost: string[] }> {
  const roomIds = new Map<string, string>()
  const lost: string[] = []
  let moved = 0
  for (const b of await d.bindings.activeRoomBindings(account)) {
    if (b.roomId && (await platform.roomKnown(b.roomId))) continue
    const newId = b.roomTopic ? await platform.roomIdByTopic(b.roomTopic) : undefined
    if (!newId || !b.roomId) {
      lost.push(`群「${b.roomTopic}」`)
      continue
    }
    roomIds.set(b.roomId, newId)
    await d.bindings.updateIds(b.id, { roomId: newId })
    await d.dialogs.moveRoom(b.roomId, newId)
    await d.pending.clearRoom(b.roomId)
    moved++
  }
  for (const m of await d.bindings.activeMemberBindings(account)) {
    const newRoomId = m.roomId ? (roomIds.get(m.roomId) ?? m.roomId) : undefined
    const known = m.memberId ? await platform.contactFound(m.memberId) : false
    if (known && newRoomId === m.roomId) continue
    const found = await platform.personIdByName(m.memberName ?? '', newRoomId)
    if (!found) {
      lost.push(`成员「${m.memberName}」`)
      continue
    }
    await d.bindings.updateIds(m.id, { memberId: found, roomId: newRoomId })
    if (m.memberId !== undefined) await d.dialogs.moveOwner(m.memberId, found)
    moved++
  }
  moved += await rematchDialogOwners(d, platform)
  if (lost.length) await reportLost(d, account, lost)
  d.logger.info({ account, moved, lost: lost.length }, 'bindings re-matched after login')
  return { moved, lost }
}

/** Open dialogs whose owner's id is no longer known: find the owner by display name in the dialog's room. */
async function rematchDialogOwners(d: ChatDeps, platform: ChatPlatform): Promise<number> {
  let moved = 0
  for (const o of await d.dialogs.openOwners()) {
    if (await platform.contactLoaded(o.ownerId)) continue
    const found = await platform.personIdByName(o.ownerName, o.roomId || undefined)
    if (!found) continue
    await d.dialogs.setOwner(o.id, found)
    moved++
  }
  return moved
}

async function reportLost(d: ChatDeps, account: string, lost: string[]): Promise<void> {
  const at = d.clock.now().toISOString().slice(0, 13)
  for (const room of await d.bindings.bureauRooms()) {
    await d.outbox.enqueue({
      key: `binding-lost:${account}:${room.roomId}:${at}:${lost.join(',').slice(0, 200)}`,
      // the bureau group may be on another channel than the account that re-logged in (e.g. WeCom)
      account: room.account,
      target: groupTarget(room),
      text: `重新登录后以下绑定无法找到，请核对（群名或昵称可能已修改）：\n${lost.join('\n')}`,
      priority: PRIORITY.alert,
      meta: { kind: 'binding-lost' },
    })
  }
}
