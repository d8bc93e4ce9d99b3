import type { ChatPlatform } from '../../chat/ports.js'

/**
 * What the chat core asks the platform, as WeCom can answer it. Group and user ids are stable (chatid,
 * userid), so nothing needs re-matching after a restart. The robot API lists no group members: a person
 * counts as a member of a group once the robot has heard them there (in this process), which is what the
 * bureau-staff check of 收到 needs (staff speak in the bureau group).
 */
export function wecomPlatform(): ChatPlatform & { heard(personId: string, roomId: string): void } {
  const rooms = new Map<string, Set<string>>()
  return {
    heard(personId, roomId) {
      const set = rooms.get(personId) ?? new Set<string>()
      set.add(roomId)
      rooms.set(personId, set)
    },
    inAnyRoom: async (personId, roomIds) => roomIds.some((r) => rooms.get(personId)?.has(r) ?? false),
    // a group robot cannot write to one member: private text goes through the self-built app, not here
    canMessagePrivately: async () => false,
    roomKnown: async () => true,
    roomIdByTopic: async () => undefined,
    contactFound: async () => true,
    contactLoaded: async () => true,
    personIdByName: async () => undefined,
  }
}
