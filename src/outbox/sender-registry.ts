import type { OutboxChannel } from './message.js'
import type { ChannelSender } from './senders/channel-sender.js'

/**
 * The senders the worker role delivers with, one per channel. Built-in ones (e-mail, the WeCom group
 * webhook) are registered by startEmailWebhookDelivery; the role that starts delivery registers the
 * official channels' senders (DingTalk robot, WeCom app) it has credentials for, e.g.
 * `new SenderRegistry().register(dingtalkSender(config.dingtalk, …))`. WeChat is not here: its sender
 * lives with the logged-in bot (startWechatDelivery).
 */
export class SenderRegistry {
  private readonly senders = new Map<OutboxChannel, ChannelSender>()

  constructor(senders: readonly ChannelSender[] = []) {
    for (const s of senders) this.register(s)
  }

  /** One sender per channel: a second one is a wiring mistake, not an override. */
  register(sender: ChannelSender): this {
    if (this.senders.has(sender.channel)) throw new Error(`a ${sender.channel} sender is already registered`)
    this.senders.set(sender.channel, sender)
    return this
  }

  get(channel: OutboxChannel): ChannelSender | undefined {
    return this.senders.get(channel)
  }

  all(): ChannelSender[] {
    return [...this.senders.values()]
  }
}
