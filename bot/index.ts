import type { Container } from '../src/container.js'
import type { RoleStatus } from '../src/role-status.js'

export interface BotHandle {
  stop(): Promise<void>
}

/** The bot role. Placeholder until the chat bot lands: reports itself and holds no resources. */
export async function startBot(deps: Container, roles: RoleStatus): Promise<BotHandle> {
  roles.set('bot', { state: 'not-configured', ready: false, required: false })
  deps.logger.info('bot role: no chat adapter is built yet')
  return { stop: async () => undefined }
}
