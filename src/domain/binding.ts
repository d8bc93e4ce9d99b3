/**
 * Where a unit can be reached in WeChat.
 *  - 'unit-room':   a unit's own work group, bound with `绑定 <bind code>`
 *  - 'shared-room': a group where staff of many units sit (部门绩效工作群); members bind themselves
 *  - 'bureau-room': the bureau's own group (bureau-only commands, alerts)
 *  - 'member':      one person bound to a unit (in a shared room, or for private chat)
 * Some puppets (wechat4u) give rooms and contacts new ids at every login, so the topic and display name
 * are stored too and used to re-match on login.
 */
export type BindingKind = 'unit-room' | 'shared-room' | 'bureau-room' | 'member'

export interface Binding {
  kind: BindingKind
  /** the bot account this binding was made on */
  account: string
  roomId?: string
  roomTopic?: string
  unitCode?: string
  memberId?: string
  memberName?: string
  active: boolean
  boundBy?: string
  boundAt: Date
  /**
   * A WeCom group's robot webhook key (`cgi-bin/webhook/send?key=…`): the 智能机器人 callback can only
   * reply, so reminders and notices reach a WeCom group through a group robot added to it. A secret:
   * anyone holding it can post into the group, so it is never logged and never returned in full.
   */
  webhookKey?: string
}

/** A stored binding with its id (a string outside src/db). */
export type BindingRecord = Binding & { id: string }
