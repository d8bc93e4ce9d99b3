import { WechatyBuilder, type Wechaty } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { waitFor } from './wait-for.js'

/** One text the bot sent, as the puppet saw it (the mock puppet itself drops the mention ids). */
export interface SentText {
  conversationId: string
  text: string
  mentionIds: string[]
  at: number
}

class RecordingPuppet extends PuppetMock {
  readonly sent: SentText[] = []
  constructor(
    options: ConstructorParameters<typeof PuppetMock>[0],
    private readonly now: () => number,
  ) {
    super(options)
  }
  override async messageSendText(conversationId: string, text: string, mentionIdList?: string[]): Promise<void> {
    this.sent.push({ conversationId, text, mentionIds: mentionIdList ?? [], at: this.now() })
    return super.messageSendText(conversationId, text)
  }
}

export interface MockWechat {
  bot: Wechaty
  mocker: mock.Mocker
  puppet: RecordingPuppet
  user: mock.ContactMock
  sent: SentText[]
  login(): Promise<void>
  logout(): Promise<void>
  stop(): Promise<void>
}

/**
 * A wechaty on the mock puppet, started, with its bot user created (not yet logged in). `now` stamps
 * each send's `at`: real time, or a test's ManualClock where the pace runs on it.
 */
export async function startMockWechat(name: string, now: () => number = Date.now): Promise<MockWechat> {
  const mocker = new mock.Mocker()
  const puppet = new RecordingPuppet({ mocker }, now)
  const bot = WechatyBuilder.build({ name, puppet })
  bot.on('error', () => undefined) // a stale id looked up by a test must not crash the run
  await bot.start()
  const user = mocker.createContact({ name: `${name}-bot` })
  return {
    bot,
    mocker,
    puppet,
    user,
    sent: puppet.sent,
    async login() {
      mocker.login(user)
      await waitFor(() => bot.isLoggedIn, 'bot login')
    },
    async logout() {
      await puppet.logout('test logout')
      await waitFor(() => !bot.isLoggedIn, 'bot logout')
    },
    async stop() {
      await bot.stop()
    },
  }
}
