import type { PlatformEntry } from './platform-entry.js'
import type { FormCode } from './types.js'

/** What the chat core reads for the bureau's commands (src/db/repositories/chat-lookups.ts answers). */

/** The round 进度 and 催报 in the bureau group speak of: the open one due first. */
export interface CurrentRound {
  id: string
  title: string
  dueAt: Date
  /** a unit is done only once entered in the provincial platform too */
  requirePlatformEntry?: boolean
}

/** A unit's place in the round, as 催报, 进度 and 已录入 need it. */
export interface ChatRoundUnit {
  forms: FormCode[]
  submitted: FormCode[]
  platformEntry?: PlatformEntry
}

/** A unit's active binding, as 催报 needs it to reach the unit's group or its members. */
export interface UnitReach {
  kind: string
  account: string
  roomId?: string
  roomTopic?: string
  memberId?: string
  memberName?: string
}
