import type { Connection } from 'mongoose'
import type { OffsetClock } from '../../../src/clock.js'
import { startWecomWorld } from '../wecom-support.js'
import type { ChannelDriver, Where } from './channel-driver.js'

/**
 * WeCom through the 智能机器人 callback (src/channels/wecom/) against the fake WeCom: a message is an
 * encrypted, signed callback and the bot's answers are its passive reply (one stream message carrying
 * every reply of the turn). Proactive group messages to a chatid-bound group are not routed to any WeCom
 * sender yet (the group robot webhook needs a key per group, the app sends only 1:1), so `receivedSince`
 * reads the webhook sends, which stay empty: the suite marks those cases todo for WeCom.
 */
export async function wecomDriver(db: Connection, start: string): Promise<ChannelDriver> {
  const w = await startWecomWorld(db, start)
  const userid = (name: string) => `u${Buffer.from(name).toString('hex').slice(0, 12)}`
  const chatid = (key: string) => `wr${key}`
  return {
    name: 'wecom',
    c: w.c as typeof w.c & { clock: OffsetClock },
    async say(who: string, text: string, where: Where) {
      const at = where === 'private' ? {} : { chatid: chatid(where.group) }
      const mention = where === 'private' ? '' : `@${w.settings.botName ?? '填报助手'} `
      const r = await w.fake.say(w.url, { userid: userid(who), text: `${mention}${text}`, ...at })
      if (r.status !== 200) throw new Error(`the WeCom callback answered ${r.status}: ${r.body}`)
      const content = r.reply?.stream?.content
      return content ? [content] : []
    },
    mark: () => w.fake.webhookSends.length,
    async receivedSince(_group, mark) {
      return w.fake.webhookSends.slice(mark).map((s) => s.content)
    },
    close: () => w.close(),
  }
}
