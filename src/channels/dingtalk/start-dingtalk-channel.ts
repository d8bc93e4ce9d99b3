import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { DWClientDownStream } from 'dingtalk-stream'
import type { ChatCore } from '../../chat/chat-core.js'
import { chatInbox } from '../../chat/chat-inbox.js'
import type { JournalPort } from '../../chat/ports.js'
import { alertingQueue } from '../../outbox/dead-alert.js'
import { DeliveryWorker } from '../../outbox/delivery-worker.js'
import type { OutboxDeps } from '../../outbox/outbox-deps.js'
import { PacingLimiter } from '../../outbox/pacing-limiter.js'
import type { ChannelFiles } from '../files/channel-files.js'
import { DingTalkApi } from './dingtalk-api.js'
import { dingtalkFiles } from './dingtalk-files.js'
import { dingtalkPlatform } from './dingtalk-platform.js'
import { dingtalkSender } from './dingtalk-sender.js'
import { dingtalkAccount, dingtalkPacing, type DingTalkSettings } from './dingtalk-settings.js'
import { DingTalkStreamClient } from './dingtalk-stream-client.js'
import { robotMessage, toInbound } from './robot-message.js'

export interface DingTalkChannelDeps {
  /** the outbox's repository, clock, logger, config and connection (the Container has them all) */
  outbox: OutboxDeps
  core: ChatCore
  /** the inbound journal of this process (Container.chat.journal(owner)) */
  journal: JournalPort
  /** where the robot registers the download of files sent to it (Container.chat.files) */
  files?: Pick<ChannelFiles, 'register'>
}

export interface DingTalkChannel {
  /** `dingtalk:<robotCode>`: the account its messages are journaled and queued under */
  account: string
  api: DingTalkApi
  client: DingTalkStreamClient
  /** resolves once the Stream connection is open (the SDK reconnects by itself after a drop) */
  connected: Promise<void>
  stop(): Promise<void>
}

/** How a notice's message starts (src/services/notices/notice-routing.ts). */
const NOTICE_MARK = '【通知】'

/**
 * One DingTalk robot in Stream mode: robot messages come in over the SDK's long connection, are
 * journaled (so one pushed again after a dropped connection is handled once: the journal is keyed by
 * msgId), handled by the chat core and ACKed; the robot's outbox messages go out through its OpenAPI.
 */
export function startDingTalkChannel(deps: DingTalkChannelDeps, s: DingTalkSettings): DingTalkChannel {
  const c = deps.outbox
  const account = dingtalkAccount(s)
  const api = new DingTalkApi(s, c.clock)
  const platform = dingtalkPlatform()
  deps.files?.register(account, dingtalkFiles(api))
  // how many pushes of each msgId the journal took (new or seen before): only those are ACKed, the rest
  // DingTalk pushes again (a count, as a push again can arrive while the first is being handled)
  const journaled = new Map<string, number>()
  const journal: JournalPort = {
    record: async (e) => {
      const fresh = await deps.journal.record(e)
      journaled.set(e.messageId, (journaled.get(e.messageId) ?? 0) + 1)
      return fresh
    },
    claimOrphan: (a, inFlight) => deps.journal.claimOrphan(a, inFlight),
    done: (a, id, redacted) => deps.journal.done(a, id, redacted),
    failed: (a, id, error) => deps.journal.failed(a, id, error),
  }
  const inbox = chatInbox(deps.core, journal, { account, platform })
  const client = new DingTalkStreamClient(s, api, c.logger)

  const onFrame = async (frame: DWClientDownStream): Promise<void> => {
    const messageId = frame.headers.messageId
    const parsed = robotMessage.safeParse(parseJson(frame.data))
    if (!parsed.success) {
      c.logger.warn({ messageId, issues: parsed.error.issues }, 'DingTalk robot message not understood')
      return client.ack(messageId) // pushing it again would not make it readable
    }
    const inbound = toInbound(account, parsed.data)
    if (inbound.where.kind === 'group') platform.seen(inbound.who.id, inbound.where.id)
    await inbox.receive(inbound)
    // ACKed once journaled and handled; not journaled (the database away): no ACK, DingTalk pushes it again
    if (taken(inbound.id)) client.ack(messageId)
    else c.logger.warn({ messageId, msgId: inbound.id }, 'DingTalk robot message not journaled: left unACKed')
  }
  const taken = (msgId: string): boolean => {
    const n = journaled.get(msgId) ?? 0
    if (n > 1) journaled.set(msgId, n - 1)
    else journaled.delete(msgId)
    return n > 0
  }
  client.onRobotMessage((frame) => {
    onFrame(frame).catch((err: unknown) => c.logger.error({ err }, 'DingTalk robot message failed'))
  })

  const sender = dingtalkSender(api)
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const worker = new DeliveryWorker({
    channel: sender.channel,
    account,
    queue: alertingQueue(c, owner, 120_000),
    repo: c.outbox,
    sender: {
      ...sender,
      async send(msg) {
        await sender.send(msg)
        // the robot's own messages are not pushed back to it: a notice sent is a notice seen
        if (msg.text.includes(NOTICE_MARK)) deps.core.noticeSeen()
      },
    },
    pacer: new PacingLimiter(c.conn, c.clock, dingtalkPacing(s)),
    clock: c.clock,
    logger: c.logger,
  })
  worker.start()

  let stopped = false
  const connected = new Promise<void>((resolve) => {
    const opened = (): void => {
      if (client.connected) return resolve()
      if (!stopped) setTimeout(opened, 20)
    }
    void client.connect().then(opened)
  })
  // what a stopped process journaled but did not finish: once connected, then every half journal lease
  const recover = (): void => {
    inbox.recover().catch((err: unknown) => c.logger.error({ err }, 'DingTalk recovery failed'))
  }
  void connected.then(recover)
  const recovering = setInterval(recover, Math.max(1000, c.config.bot.journalLeaseMs / 2))
  recovering.unref()

  return {
    account,
    api,
    client,
    connected,
    async stop() {
      stopped = true
      clearInterval(recovering)
      client.stop()
      await worker.stop()
    },
  }
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data)
  } catch {
    return undefined
  }
}
