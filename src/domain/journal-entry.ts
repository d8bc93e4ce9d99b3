import type { InboundFile } from './file-ref.js'

/** A message as journaled: flat, as received, nothing read from the database yet. */
export interface JournalEntry {
  account: string
  messageId: string
  roomId: string
  roomTopic: string
  personId: string
  personName: string
  /** the text without the bot's @mention */
  text: string
  mentioned: boolean
  isText: boolean
  /** a file that came with it: where to fetch it (never its bytes) */
  file?: InboundFile
}
