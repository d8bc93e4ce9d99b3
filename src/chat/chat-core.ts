import { chatErrorText, isForUser } from '../engine/index.js'
import { act } from './act.js'
import type { ChatDeps, ChatTurn } from './chat-deps.js'
import { decide, type Decision, type Need, type Situation } from './decide.js'
import { placeOf, type InboundMessage } from './inbound-message.js'
import type { ChatPlatform, OpenDialog } from './ports.js'
import { rematchBindings } from './rematch-bindings.js'
import { roomLeft } from './room-left.js'

/** What the use cases carry out a decision with: the turn, the open dialog read for it, the platform. */
export interface TurnContext extends ChatTurn {
  dialog: OpenDialog | null
  platform: ChatPlatform
}

/**
 * The channel-free chat: one inbound message → decide (src/chat/decide.ts, pure) → one use case →
 * replies through the outbox, keyed by the message id. Run for each journaled message (chat-inbox.ts)
 * — again after a crash, so every step is safe to repeat: a message whose reply is queued is done, a
 * dialog turn already stored returns its stored replies, the outbox keeps one reply.
 */
export class ChatCore {
  constructor(readonly deps: ChatDeps) {}

  /**
   * The one error boundary of the chat: a refusal meant for the user is answered with its message, the
   * database being away is left to the journal's retry (rethrown), anything else is logged and answered
   * with a generic line (chatErrorText).
   */
  async handle(msg: InboundMessage, platform: ChatPlatform): Promise<void> {
    const d = this.deps
    const turn: ChatTurn = { msg, place: placeOf(msg), person: msg.who }
    // handled completely before the crash, only its journal's done mark lost (marks wait a moment to be
    // group-committed): the reply is queued after everything the turn stores, so a queued reply says the
    // turn is over — handled again it would apply the answer to whatever the dialog asks now
    if (msg.replayed && (await d.replier.answered(msg.id))) return
    let replies: string[]
    try {
      // taken by a dialog before the crash, its reply not queued yet: answered the same, not applied twice
      const replayed = msg.replayed ? await d.dialogs.replayOf(msg.id) : null
      replies = replayed ?? (await this.route(turn, platform))
    } catch (err) {
      if (d.transient(err)) throw err
      if (!isForUser(err)) d.logger.error({ err, messageId: msg.id }, 'chat turn failed')
      replies = [chatErrorText(err)]
    }
    if (replies.length) await d.replier.reply(turn.place, turn.person, msg.id, replies)
  }

  /** Reads what decide asks for, in the order it asks, then carries out its decision. */
  private async route(turn: ChatTurn, platform: ChatPlatform): Promise<string[]> {
    const d = this.deps
    const { msg } = turn
    const binding = msg.where.kind === 'group' ? await d.bindings.roomBinding(msg.where.id) : null
    let s: Situation = { msg, binding: binding && { kind: binding.kind, unitCode: binding.unitCode } }
    let dialog: OpenDialog | null = null
    let decision: Decision
    while ((decision = decide(s)).kind === 'need') {
      const what: Need = decision.what
      if (what === 'dialog') {
        dialog = await d.dialogs.findOpen(turn.person, turn.place.roomId)
        s = { ...s, dialog: dialog !== null }
      } else if (what === 'notice-ack') {
        const seen = await d.notices.acks.handle(turn.place.roomId, turn.person, msg.text, () =>
          this.isBureauStaff(turn, platform),
        )
        s = {
          ...s,
          noticeAck:
            seen.kind === 'ack' ? { kind: 'ack', title: seen.title, recorded: seen.recorded.length } : { kind: 'none' },
        }
      } else if (what === 'pending') {
        s = { ...s, pending: await d.pending.get(turn.place.roomId, turn.person.id) }
      } else {
        s = { ...s, memberUnits: await d.bindings.memberUnits(turn.person.id) }
      }
    }
    return act(d, { ...turn, dialog, platform }, decision)
  }

  /** Bureau staff are the members of the bureau's own group(s); their 收到 in a unit group does not count. */
  private async isBureauStaff(turn: ChatTurn, platform: ChatPlatform): Promise<boolean> {
    const rooms = (await this.deps.bindings.bureauRooms())
      .map((b) => b.roomId)
      .filter((id): id is string => Boolean(id))
    return platform.inAnyRoom(turn.person.id, rooms)
  }

  /** After a login: bindings, dialogs and pending choices follow the platform's new ids. */
  rematch(platform: ChatPlatform, account: string): Promise<{ moved: number; lost: string[] }> {
    return rematchBindings(this.deps, platform, account)
  }

  /** The bot was removed from a group. */
  roomLeft(account: string, roomId: string): Promise<void> {
    return roomLeft(this.deps, account, roomId)
  }

  /** The bot saw its own notice reach a group: the notice's acknowledgement keyword must be recognised from now on. */
  noticeSeen(): void {
    this.deps.notices.acks.noticeSent()
  }
}
