import { createHash, randomBytes } from 'node:crypto'
import { WechatyBuilder, type Wechaty } from 'wechaty'
import * as PUPPET from 'wechaty-puppet'
import { FileBox } from 'file-box'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import type { Container } from '../src/container.js'
import { attachBot, type AttachedBot } from './attach-bot.js'

export interface Sent {
  roomId?: string
  toId?: string
  /** a file shows as "[文件] <name>" (the transcript's line for it) */
  text: string
  /** a file the bot sent: its name and the sha256 of its bytes */
  file?: { name: string; sha256: string }
}

/** A scaled-up pace: the mock puppet has no platform limit, and a simulation should not wait. */
const FAST = {
  pacing: { perWindow: 1000, windowMs: 60_000, minGapMs: 0, switchMs: 0 },
  pollMs: 20,
  senderLeaseMs: 2000,
}

/**
 * tianbao's real bot handlers on a real Wechaty with the mock puppet: the terminal chat simulator
 * (`npm run chat`) and the bot tests both drive it. `say` sends as a person and returns what the bot
 * answered once the message was handled and the outbox has delivered everything.
 */
export class MockChat<P extends PuppetMock = PuppetMock> {
  readonly mocker = new mock.Mocker()
  readonly puppet: P
  readonly bot: Wechaty
  readonly sent: Sent[] = []
  attached!: AttachedBot
  /** messages said through this session (the bot must have handled as many before settling) */
  said = 0
  botUser!: mock.ContactMock

  constructor(
    readonly c: Container,
    makePuppet: (mocker: mock.Mocker) => P = (mocker) => new PuppetMock({ mocker }) as P,
  ) {
    this.puppet = makePuppet(this.mocker)
    this.bot = WechatyBuilder.build({ name: `mock-${randomBytes(3).toString('hex')}`, puppet: this.puppet })
  }

  /** `recordState: false` for the terminal simulator (AttachOptions.recordState) */
  async start(botUser?: mock.ContactMock, o: { recordState?: boolean } = {}): Promise<void> {
    this.attached = attachBot(this.c, this.bot, { account: 'default', delivery: FAST, recordState: o.recordState })
    this.puppet.on('message', async ({ messageId }) => {
      const p = await this.puppet.messagePayload(messageId)
      if (p.talkerId !== this.botUser.id) return
      // a file: the mock keeps what was sent (an .xlsx gets no message type of its own in the mock)
      if (p.type !== PUPPET.types.Message.Text && this.mocker.cacheFileBoxPayload.has(messageId)) {
        const box = await this.puppet.messageFile(messageId)
        const sha256 = createHash('sha256')
          .update(await box.toBuffer())
          .digest('hex')
        this.sent.push({
          roomId: p.roomId,
          toId: p.listenerId,
          text: `[文件] ${box.name}`,
          file: { name: box.name, sha256 },
        })
        return
      }
      this.sent.push({ roomId: p.roomId, toId: p.listenerId, text: p.text ?? '' })
    })
    await this.bot.start()
    this.botUser = botUser ?? this.mocker.createContact({ name: '填报助手' })
    const loggedIn = new Promise<void>((resolve) => this.bot.once('login', () => resolve()))
    this.mocker.login(this.botUser)
    await loggedIn
    await this.attached.loggedIn()
  }

  /**
   * Waits until every message said was handled, the outbox has nothing left for WeChat, and all is quiet;
   * then stores the journal's waiting done marks (group-committed up to 250 ms later), so a settled
   * message is `done` in the journal.
   */
  async settle(quietMs = 100, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let seen = -1
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, quietMs))
      if (this.attached.handled() < this.said) continue
      const waiting = await this.c.outbox.model.countDocuments({
        'target.channel': 'wechat',
        state: { $in: ['pending', 'sending'] },
      })
      if (waiting === 0 && seen === this.sent.length) return this.c.chat.flushJournals()
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

  /**
   * Sends a file as `who` (into `room`, or privately) the way WeChat delivers one: an attachment message
   * with the file name in its payload, no @mention possible; the bytes wait in the mock puppet's file
   * cache under the message id (what puppet.messageFile hands out). The bot's replies to it.
   */
  async sayFile(who: mock.ContactMock, name: string, data: Buffer, room?: mock.RoomMock): Promise<string[]> {
    const before = this.sent.length
    this.said++
    const id = `file-${randomBytes(6).toString('hex')}`
    this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(data.toString('base64'), name).toJSON())
    this.mocker.MessageMock.create({
      id,
      talkerId: who.id,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Attachment,
      filename: name,
      ...(room ? { roomId: room.id, mentionIdList: [] } : { listenerId: this.botUser.id }),
    })
    this.puppet.emit('message', { messageId: id })
    await this.settle()
    return this.sent.slice(before).map((s) => s.text)
  }

  /** Says several lines at once (the bot handles them as they come) and settles once: the bot's replies to all. */
  async sayAll(lines: { who: mock.ContactMock; text: string; room?: mock.RoomMock }[]): Promise<string[]> {
    const before = this.sent.length
    for (const { who, text, room } of lines) {
      this.said++
      if (room) who.say(text).to(room)
      else who.say(text).to(this.botUser)
    }
    await this.settle()
    return this.sent.slice(before).map((s) => s.text)
  }

  async stop(): Promise<void> {
    await this.attached.detach()
    await this.bot.stop()
  }
}
