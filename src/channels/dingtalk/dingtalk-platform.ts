import type { ChatPlatform } from '../../chat/ports.js'

/**
 * What the chat core asks the platform, answered for DingTalk: group and staff ids are stable, so
 * nothing needs re-matching (a known id is always found; nothing is looked up by name). Group
 * membership is what the robot has seen: someone who wrote in a group is a member of it.
 */
export function dingtalkPlatform(): ChatPlatform & { seen(personId: string, roomId: string): void } {
  const members = new Map<string, Set<string>>()
  return {
    seen(personId, roomId) {
      const m = members.get(roomId) ?? new Set<string>()
      m.add(personId)
      members.set(roomId, m)
    },
    inAnyRoom: async (personId, roomIds) => roomIds.some((r) => members.get(r)?.has(personId) ?? false),
    // the robot writes to any staff member of the organisation one to one (oToMessages/batchSend)
    canMessagePrivately: async () => true,
    roomKnown: async () => true,
    roomIdByTopic: async () => undefined,
    contactFound: async () => true,
    contactLoaded: async () => true,
    personIdByName: async () => undefined,
  }
}
