import type { DialogService } from './dialog-service.js'
import type { DialogParker } from './dialog-parker.js'
import { replyMessage } from './chat-replier.js'
import type { OutboxPort } from '../../domain/outbox-message.js'

/**
 * The park-idle-dialogs job's work: after 30 idle minutes one gentle nudge, after 24 hours the dialog
 * is parked and its answers kept as a draft (`继续` resumes). Messages go through the outbox, keyed so
 * a second sweep never repeats them.
 */
export class IdleDialogs implements DialogParker {
  constructor(
    private readonly dialogs: Pick<DialogService, 'idle'>,
    private readonly outbox: OutboxPort,
  ) {}

  async parkIdle(now: Date): Promise<number> {
    const { nudge, park } = await this.dialogs.idle(now)
    const msgs = [
      ...nudge.map((d) =>
        replyMessage(
          placeOf(d),
          personOf(d),
          `nudge:${d.id}:${d.lastActivityAt.getTime()}`,
          '填报还没有完成，有空时直接回复即可继续；回复“查看”可看已填内容。',
        ),
      ),
      ...park.map((d) =>
        replyMessage(
          placeOf(d),
          personOf(d),
          `parked:${d.id}:${d.lastActivityAt.getTime()}`,
          '填报已暂停超过 24 小时，已保存为草稿。需要时发送“继续”即可接着填写。',
        ),
      ),
    ]
    if (msgs.length) await this.outbox.enqueueMany(msgs)
    return park.length
  }
}

const placeOf = (d: { account: string; roomId: string; roomTopic: string }) => ({
  account: d.account,
  roomId: d.roomId,
  roomTopic: d.roomTopic,
})
const personOf = (d: { ownerId: string; ownerName: string }) => ({ id: d.ownerId, name: d.ownerName })
