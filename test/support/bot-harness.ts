import { randomBytes } from 'node:crypto'
import type { Connection } from 'mongoose'
import { PuppetMock, type mock } from 'wechaty-puppet-mock'
import * as PUPPET from 'wechaty-puppet'
import { OffsetClock } from '../../src/clock.js'
import { inboundMessageModel } from '../../src/db/models/inbound-message.js'
import { loadConfig, type Env } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { createLogger } from '../../src/logger.js'
import { MockChat } from '../../bot/mock-chat.js'
import { FUNDS, ON_TRACK } from './bot-fixtures.js'

export type { Sent } from '../../bot/mock-chat.js'

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

/**
 * The bot on the mock puppet (bot/mock-chat.ts) on a test database, with a clock that starts at a
 * chosen instant and runs in real time; plus friend requests and re-logins for the tests.
 */
export class BotHarness extends MockChat<TestPuppet> {
  declare readonly c: Container & { clock: OffsetClock }

  constructor(conn: Connection, start: string, env: Env = {}) {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BUREAU_BIND_CODE: 'BUREAU2027', ...env })
    const c = buildContainer(conn, new OffsetClock(start), config, createLogger(process.env.TEST_LOG ?? 'silent'))
    super(c, (mocker) => new TestPuppet({ mocker }))
  }

  /**
   * Every collection's indexes exist before the first message: mongo-java-server can stall an insert
   * that races the background index build of a collection's first use (the outbox's, the dialogs').
   */
  override async start(botUser?: mock.ContactMock): Promise<void> {
    inboundMessageModel(this.c.conn) // the inbound journal's, built in attachBot: compiled here so it is indexed too
    await Promise.all(Object.values(this.c.conn.models).map((m) => m.init()))
    await super.start(botUser)
  }

  /** `count` staff in a new group bound to `unitCode` (bind code BIND<unitCode>, as the fixtures make it). */
  async groupBound(
    unitCode: string,
    topic: string,
    count = 1,
  ): Promise<{ staff: mock.ContactMock[]; room: mock.RoomMock }> {
    const staff = this.mocker.createContacts(count)
    const room = this.mocker.createRoom({ topic, memberIdList: [this.botUser.id, ...staff.map((p) => p.id)] })
    await this.say(staff[0], `绑定 BIND${unitCode}`, room)
    return { staff, room }
  }

  /** `count` staff in a new group bound to `unitCode`, the first of them with the project form open and its funds block answered. */
  async groupMidForm(
    unitCode: string,
    topic: string,
    count = 2,
  ): Promise<{ staff: mock.ContactMock[]; room: mock.RoomMock }> {
    const { staff, room } = await this.groupBound(unitCode, topic, count)
    await this.say(staff[0], '填报', room)
    await this.say(staff[0], FUNDS, room)
    return { staff, room }
  }

  /**
   * A new group bound to `unitCode` in which one staff member filed the project form on track and
   * submitted it (version 1); the bot confirms it in exactly one message that names the version.
   */
  async groupSubmitted(unitCode: string, topic: string): Promise<{ staff: mock.ContactMock[]; room: mock.RoomMock }> {
    const { staff, room } = await this.groupMidForm(unitCode, topic, 1)
    await this.say(staff[0], ON_TRACK, room)
    const done = await this.say(staff[0], '提交', room)
    const confirmations = done.join('\n').match(/已提交/g) ?? []
    if (done.length !== 1 || confirmations.length !== 1 || !/已提交《.+》（第 1 版）/.test(done[0])) {
      throw new Error(
        `groupSubmitted(${unitCode}): the bot did not confirm the submission once, with its version: ${JSON.stringify(done)}`,
      )
    }
    return { staff, room }
  }

  /** A friend request from `who`, as WeChat would deliver it; resolves once the bot has accepted it. */
  async requestFriend(who: mock.ContactMock, hello: string): Promise<void> {
    const id = `fr-${randomBytes(4).toString('hex')}`
    const payload = { id, contactId: who.id, hello, type: PUPPET.types.Friendship.Receive, timestamp: Date.now() }
    this.puppet.friendships.set(id, payload as unknown as FriendshipPayload)
    const before = this.puppet.accepted.length
    this.puppet.emit('friendship', { friendshipId: id })
    const until = Date.now() + 5000
    while (this.puppet.accepted.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  }

  /** Logs the bot out and in again (a re-login: the handlers re-match bindings). */
  async relogin(): Promise<void> {
    await this.puppet.logout()
    const loggedIn = new Promise<void>((resolve) => this.bot.once('login', () => resolve()))
    this.mocker.login(this.botUser)
    await loggedIn
    await this.attached.loggedIn()
  }
}
