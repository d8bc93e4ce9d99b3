import { randomBytes, randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { systemClock } from '../../src/clock.js'
import type { Container } from '../../src/container.js'
import { bindingModel } from '../../src/db/models/binding.js'
import { createApp } from '../../src/http/app.js'
import { alertingQueue } from '../../src/outbox/dead-alert.js'
import { DeliveryWorker } from '../../src/outbox/delivery-worker.js'
import { outboxReplies } from '../../src/outbox/reply-pickup.js'
import { wecomSender } from '../../src/outbox/senders/wecom-sender.js'
import { wecomCallbackRouter, type WecomSettings } from '../../src/channels/wecom/index.js'
import { startFakeWecom } from '../../fixtures/fake-wecom.js'
import type { OfficialSession } from './official-chat.js'

/** 43 characters of [a-zA-Z0-9], as WeCom generates an EncodingAESKey */
const aesKey = () =>
  randomBytes(40)
    .toString('base64')
    .replace(/[^a-zA-Z0-9]/g, '')
    .padEnd(43, 'k')
    .slice(0, 43)

/**
 * WeCom for the simulator: the fake WeCom (fixtures/) and the real 智能机器人 callback router mounted on
 * tianbao's HTTP app on 127.0.0.1. A typed line is an encrypted, signed group callback @-ing the robot;
 * the answer is the decrypted passive reply (one message carrying every reply of the turn). The group has
 * a group robot in the fake, its key the binding's push address; a webhook worker for that key alone
 * sends the group's reminders and notices there, and the simulator prints them as they arrive.
 */
export async function wecomSession(c: Container, unitCode: string): Promise<OfficialSession> {
  const settings: WecomSettings = {
    token: `tok${randomBytes(4).toString('hex')}`,
    encodingAESKey: aesKey(),
    receiveId: '',
    corpId: 'ww-simulator',
    corpSecret: 'secret',
    agentId: 1000002,
    apiBase: '',
    account: 'wecom',
    botName: '填报助手',
  }
  const fake = await startFakeWecom({ ...settings, aibotId: 'AIBOTSIM' })
  settings.apiBase = fake.base
  const router = wecomCallbackRouter(
    {
      core: c.chat.core,
      journal: c.chat.journal('chat-simulator-wecom'),
      replies: outboxReplies(c.outbox, c.clock),
      clock: systemClock,
      logger: c.logger,
      files: c.chat.files,
    },
    settings,
  )
  const app = createApp({ logger: c.logger, bodyLimit: '1mb', corsOrigins: [], routers: [router] })
  const server = http.createServer(app.callback())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`
  const groupId = `wrSIM${unitCode}`
  const useridOf = (who: string): string => `u${Buffer.from(who).toString('hex').slice(0, 12)}`
  const webhookKey = randomUUID()
  fake.addRobot(webhookKey)
  // only this group's robot: the simulator must not take other groups' messages from the database
  const worker = new DeliveryWorker({
    channel: 'wecom',
    account: webhookKey,
    queue: alertingQueue(c, `chat-simulator-wecom-${webhookKey.slice(0, 8)}`, 120_000),
    repo: c.outbox,
    sender: wecomSender({ wecom: { ...c.config.wecom, webhookBase: fake.base } }),
    clock: c.clock,
    logger: c.logger,
    pollMs: 250,
  })
  worker.start()
  const replies: string[] = []
  let pushed = 0
  return {
    account: settings.account ?? 'wecom',
    groupId,
    webhookKey,
    async say(who, text) {
      const userid = useridOf(who)
      const r = await fake.say(url, { userid, chatid: groupId, text: `@${settings.botName} ${text}` })
      if (r.status !== 200) throw new Error(`the WeCom callback answered ${r.status}: ${r.body}`)
      const content = r.reply?.stream?.content
      if (content) replies.push(content)
    },
    arrived() {
      const sent = fake.webhookSends.filter((s) => s.key === webhookKey)
      const fresh = [...replies.splice(0), ...sent.slice(pushed).map((s) => s.content)]
      pushed = sent.length
      return fresh
    },
    async sendFile(who, _name, data) {
      // WeCom delivers files to the 智能机器人 only in a 1:1 chat (and names neither file nor size):
      // the member is bound to the unit for it, as a private 绑定 would
      const userid = useridOf(who)
      await bindingModel(c.conn).updateOne(
        { kind: 'member', account: settings.account, memberId: userid, unitCode, active: true },
        { $setOnInsert: { memberName: who, boundBy: 'simulator', boundAt: systemClock.now() } },
        { upsert: true },
      )
      const r = await fake.sayFile(url, { userid, data })
      if (r.status !== 200) throw new Error(`the WeCom callback answered ${r.status}: ${r.body}`)
      const content = r.reply?.stream?.content
      if (content) replies.push(content)
    },
    async stop() {
      await worker.stop()
      await new Promise<void>((r) => server.close(() => r()))
      await fake.close()
    },
  }
}
