import { randomBytes } from 'node:crypto'
import type { Connection } from 'mongoose'
import { WechatyBuilder, type Wechaty } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import * as PUPPET from 'wechaty-puppet'
import { OffsetClock } from '../../src/clock.js'
import { loadConfig, type Env } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import { attachBot, type AttachedBot } from '../../bot/attach-bot.js'

type FriendshipPayload = PUPPET.payloads.Friendship

/** The mock puppet, plus friend requests (the stock mock has no way to send one). */
class TestPuppet extends PuppetMock {
  readonly friendships = new Map<string, FriendshipPayload>()
  readonly accepted: string[] = []
  override async friendshipRawPayload(id: string): Promise<FriendshipPayload> {
    return this.friendships.get(id) ?? ({ id } as unknown as FriendshipPayload)
  }
  override async friendshipAccept(id: string): Promise<void> {
    this.accepted.push(id)
  }
}

export interface Sent {
  roomId?: string
  toId?: string
  text: string
  mentionIds: string[]
}

/**
 * A real Wechaty with the mock puppet, tianbao's handlers attached, and WeChat delivery through the
 * outbox at a scaled-up pace, on a test database. `sent` collects what the bot said.
 */
export class BotHarness {
  readonly mocker = new mock.Mocker()
  readonly puppet = new TestPuppet({ mocker: this.mocker })
  readonly bot: Wechaty
  readonly c: Container & { clock: OffsetClock }
  readonly sent: Sent[] = []
  attached!: AttachedBot
  /** messages said through this harness (the bot must have handled as many before settling) */
  said = 0
  botUser!: mock.ContactMock

  constructor(conn: Connection, start: string, env: Env = {}) {
    const clock = new OffsetClock(start)
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BUREAU_BIND_CODE: 'BUREAU2027', ...env })
    this.c = buildContainer(conn, clock, config, createLogger(process.env.TEST_LOG ?? 'silent')) as Container & { clock: OffsetClock }
    this.bot = WechatyBuilder.build({ name: `test-${randomBytes(3).toString('hex')}`, puppet: this.puppet })
  }

  async start(botUser?: mock.ContactMock): Promise<void> {
    this.attached = attachBot(this.c, this.bot, { account: 'default', delivery: { pacing: { perWindow: 1000, windowMs: 60_000, minGapMs: 0, switchMs: 0 }, pollMs: 20, senderLeaseMs: 2000 } })
    this.puppet.on('message', async ({ messageId }) => {
      const p = await this.puppet.messagePayload(messageId)
      if (p.talkerId !== this.botUser.id) return
      this.sent.push({ roomId: p.roomId, toId: p.listenerId, text: p.text ?? '', mentionIds: ('mentionIdList' in p ? p.mentionIdList : undefined) ?? [] })
    })
    await this.bot.start()
    this.botUser = botUser ?? this.mocker.createContact({ name: '填报助手' })
    const loggedIn = new Promise<void>((resolve) => this.bot.once('login', () => resolve()))
    this.mocker.login(this.botUser)
    await loggedIn
    await this.attached.loggedIn()
  }

  /** A friend request from `who`, as WeChat would deliver it; resolves once the bot has handled it. */
  async requestFriend(who: mock.ContactMock, hello: string): Promise<void> {
    const id = `fr-${randomBytes(4).toString('hex')}`
    this.friendships.set(id, { id, contactId: who.id, hello, type: PUPPET.types.Friendship.Receive, timestamp: Date.now() } as unknown as FriendshipPayload)
    this.puppet.emit('friendship', { friendshipId: id })
    const until = Date.now() + 5000
    while (this.puppet.accepted.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  }

  private get friendships(): Map<string, FriendshipPayload> {
    return this.puppet.friendships
  }

  /** Logs the bot out and in again (a re-login: the handlers re-match bindings). */
  async relogin(): Promise<void> {
    await this.puppet.logout()
    const loggedIn = new Promise<void>((resolve) => this.bot.once('login', () => resolve()))
    this.mocker.login(this.botUser)
    await loggedIn
    await this.attached.loggedIn()
  }

  /** Waits until the outbox has nothing left for WeChat and no new message arrived for a moment. */
  async settle(quietMs = 100, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let seen = -1
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, quietMs))
      if (this.attached.handled() < this.said) continue
      const waiting = await this.c.outbox.model.countDocuments({ 'target.channel': 'wechat', state: { $in: ['pending', 'sending'] } })
      if (waiting === 0 && seen === this.sent.length) return
      seen = this.sent.length
    }
    throw new Error('bot did not settle')
  }

  /** Sends a message as `who` (into `room`, or privately to the bot) and returns the bot's replies to it. */
  async say(who: mock.ContactMock, text: string, room?: mock.RoomMock, mention = false): Promise<string[]> {
    const before = this.sent.length
    this.said++
    if (room) {
      if (mention) who.say(`@${this.botUser.payload.name}\u2005${text}`, [this.botUser]).to(room)
      else who.say(text).to(room)
    } else who.say(text).to(this.botUser)
    await this.settle()
    return this.sent.slice(before).map((s) => s.text)
  }

  async stop(): Promise<void> {
    await this.attached.detach()
    await this.bot.stop()
  }
}
