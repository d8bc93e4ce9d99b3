import type { Binding } from './binding.js'
import type { PlatformEntry } from './platform-entry.js'
import type { Contact, FormCode } from './types.js'

/** What the reminder, escalation and digest services read in bulk (see services/reminders/reminder-store.ts). */

/** A unit's place in a round, as much as the policy needs. */
export interface PendingUnit {
  unitCode: string
  forms: FormCode[]
  submitted: FormCode[]
  complete: boolean
  extensionUntil?: Date
  /** read where the round requires the platform entry (src/domain/platform-entry.ts) */
  platformEntry?: PlatformEntry
}

/** A unit as messages need it: name, where it sits (scope) and whom to name. */
export interface UnitInfo {
  code: string
  name: string
  parentCode?: string
  tags: string[]
  contacts: Contact[]
}

export interface PendingDue {
  statuses: PendingUnit[]
  units: UnitInfo[]
  reach: Reach[]
}

export interface PendingDigest {
  pending: { status: PendingUnit; unit: UnitInfo }[]
  /** codes of the pending units with an active unit-room or member binding */
  reachable: Set<string>
  /** how many units the round has, and how many are complete */
  counts: { total: number; complete: number }
}

/** Where units are reached: 'unit-room' and 'member' bindings of the units, 'shared-room' for topics. */
export type Reach = Pick<
  Binding,
  'kind' | 'account' | 'roomId' | 'roomTopic' | 'unitCode' | 'memberId' | 'memberName' | 'webhookKey'
>
