import type { ChatPlatform } from '../../src/chat/ports.js'

/**
 * A chat platform that finds every room and contact and no one by topic or name: for a turn handed to
 * the chat core directly, where no lookup decides the outcome.
 */
export const anyPlatform: ChatPlatform = {
  inAnyRoom: async () => false,
  roomKnown: async () => true,
  roomIdByTopic: async () => undefined,
  contactFound: async () => true,
  contactLoaded: async () => true,
  personIdByName: async () => undefined,
  canMessagePrivately: async () => false,
}
