import type { Connection } from 'mongoose'
import type { OffsetClock } from '../../../src/clock.js'
import { waitFor } from '../../../fixtures/wait-for.js'
import { startWebhookWorker, startWecomWorld } from '../wecom-support.js'
import type { ChannelDriver, Where } from './channel-driver.js'

/**
 * WeCom through the 智能机器人 callback (src/channels/wecom/) against the fake WeCom: a message is an
 * encrypted, signed callback and the bot's answers are its passive reply (one stream message carrying
 * every reply of the turn). Proactive group messages go through the group's own group robot: when a
 * group is bound, the driver adds a robot to it in the fake and says `推送地址 <its webhook address>` in
 * the group, as a clerk would; the worker role's WeCom webhook delivery (wecomSender) sends them, and
 * `receivedSince` reads what the fake's webhook took under that group's key.
 */
export async function wecomDriver(db: Connection, start: string): Promise<ChannelDriver> {
  const w = await startWecomWorld(db, start)
  const userid = (name: string) => `u${Buffer.from(name).toString('hex').slice(0, 12)}`
  const chatid = (key: string) => `wr${key}`
  const robots = new Map<string, string>()
  const robotOf = (group: string): string => {
    if (!robots.has(group)) robots.set(group, `${String(robots.size + 1).padStart(8, '0')}-7aaa-4bc4-97a0-0ec2a1fa5aaa`)
    return robots.get(group) as string
  }
  const sent = (group: string) => w.fake.webhookSends.filter((s) => s.key === robotOf(group))
  const worker = startWebhookWorker(w.c)

  const callback = async (who: string, text: string, where: Where): Promise<string[]> => {
    const at = where === 'private' ? {} : { chatid: chatid(where.group) }
    const mention = where === 'private' ? '' : `@${w.settings.botName ?? '填报助手'} `
    const r = await w.fake.say(w.url, { userid: userid(who), text: `${mention}${text}`, ...at })
    if (r.status !== 200) throw new Error(`the WeCom callback answered ${r.status}: ${r.body}`)
    const content = r.reply?.stream?.content
    return content ? [content] : []
  }
  return {
    name: 'wecom',
    c: w.c as typeof w.c & { clock: OffsetClock },
    async say(who: string, text: string, where: Where) {
      const replies = await callback(who, text, where)
      if (where !== 'private' && text.startsWith('绑定 ') && !robots.has(where.group)) {
        const key = robotOf(where.group)
        w.fake.addRobot(key)
        const set = await callback(who, `推送地址 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`, where)
        if (!set.join('').includes('已设置本群的推送地址')) throw new Error(`推送地址 not set: ${set.join(' / ')}`)
      }
      return replies
    },
    mark: (group) => sent(group).length,
    async receivedSince(group, mark, count = 1) {
      await waitFor(() => sent(group).length >= mark + count, `${count} webhook message(s) in ${group}`)
      return sent(group)
        .slice(mark)
        .map((s) => s.content)
    },
    async close() {
      await worker.stop()
      await w.close()
    },
  }
}
