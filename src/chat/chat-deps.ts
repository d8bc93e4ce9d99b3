import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { ChatPerson, ChatPlace } from '../services/filing/chat-replier.js'
import type { InboundMessage } from './inbound-message.js'
import type { ChatPorts } from './ports.js'

/** What every use case of the chat core is given: its ports, the county's time zone, a logger, the clock. */
export interface ChatDeps extends ChatPorts {
  timezone: string
  logger: Logger
  clock: Clock
  /** the database went away (or lost an index): the turn is left to the journal's retry, not answered */
  transient(err: unknown): boolean
}

/** One message being handled, with its place and person as the services name them. */
export interface ChatTurn {
  msg: InboundMessage
  place: ChatPlace
  person: ChatPerson
}
