import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { runScript, UsageError } from './run-script.js'

/**
 * The terminal chat simulator: tianbao's real bot handlers on the wechaty mock puppet, against the
 * configured database. A simulated group is bound to the unit; each line you type is said in it (or
 * privately with --private), and every bot reply is printed. Works from a pipe: exits after EOF.
 *
 *   npm run chat -- --unit D012 [--as 张丽] [--private] [--channel wechat|dingtalk|wecom] [--send-file 表.xlsx]
 *
 * --send-file sends the file first, as that channel delivers one (WeChat: an attachment in the group;
 * DingTalk: a file message whose downloadCode the fake serves; WeCom: a 1:1 file callback, the file
 * encrypted at the fake's url), prints the replies, then reads typed lines as usual. A typed line
 * `/file path.xlsx` sends a file the same way.
 *
 * --channel dingtalk / wecom run that channel's real adapter against its local fake platform instead
 * (scripts/chat-channels/): the same typed transcript, the replies in that platform's formatting.
 */
const USAGE =
  'usage: npm run chat -- --unit <unitCode> [--as <display name>] [--private] [--channel wechat|dingtalk|wecom] [--send-file <path.xlsx>]'
const CHANNELS = ['wechat', 'dingtalk', 'wecom'] as const
type Channel = (typeof CHANNELS)[number]

function args(): { unit: string; as: string; private: boolean; channel: Channel; sendFile?: string } {
  try {
    const { values } = parseArgs({
      options: {
        unit: { type: 'string' },
        as: { type: 'string', default: '模拟用户' },
        private: { type: 'boolean', default: false },
        channel: { type: 'string', default: 'wechat' },
        'send-file': { type: 'string' },
      },
    })
    if (!values.unit) throw new UsageError(`--unit is missing\n${USAGE}`)
    const channel = CHANNELS.find((c) => c === values.channel)
    if (!channel) throw new UsageError(`unknown channel ${values.channel}\n${USAGE}`)
    if (channel !== 'wechat' && values.private) throw new UsageError(`--private is for --channel wechat only\n${USAGE}`)
    const sendFile = values['send-file']
    if (sendFile !== undefined && !existsSync(sendFile)) throw new UsageError(`no file ${sendFile}\n${USAGE}`)
    return { unit: values.unit, as: values.as, private: values.private, channel, sendFile }
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`${(err as Error).message}\n${USAGE}`)
  }
}

runScript('chat', async () => {
  const values = args()
  // loaded after the arguments are checked, the bot's modules after the database answered: a wrong
  // command line or an unreachable database is said at once, without loading wechaty
  const [{ loadConfig }, { createLogger }, { openDatabase }] = await Promise.all([
    import('../src/config.js'),
    import('../src/logger.js'),
    import('../src/db/connect.js'),
  ])
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env }) // quiet unless LOG_LEVEL is set
  const logger = createLogger(config.logLevel)
  const db = await openDatabase(config, logger, { retry: false })
  await db.connected
  const { unitModel } = await import('../src/db/models/unit.js')
  const unit = await unitModel(db.conn).findOne({ code: values.unit }, { code: 1, name: 1 }).lean()
  if (!unit) {
    console.error(`no unit ${values.unit} in the database (try \`npm run seed:demo\` first)`)
    await db.close()
    return 2
  }
  if (values.channel !== 'wechat') {
    const [{ systemClock }, { buildContainer }, { runOfficialChat }, session] = await Promise.all([
      import('../src/clock.js'),
      import('../src/container.js'),
      import('./chat-channels/official-chat.js'),
      values.channel === 'dingtalk'
        ? import('./chat-channels/dingtalk.js').then((m) => m.dingtalkSession)
        : import('./chat-channels/wecom.js').then((m) => m.wecomSession),
    ])
    const c = buildContainer(db.conn, systemClock, config, logger)
    const s = await session(c, unit.code)
    await runOfficialChat(db.conn, s, { channel: values.channel, unit, as: values.as, sendFile: values.sendFile })
    await s.stop()
    await db.close()
    return 0
  }
  const [
    { systemClock },
    { buildContainer },
    { bindingModel },
    { outboxModel },
    { MockChat },
    { ChatTranscript },
    { runTypedLines },
  ] = await Promise.all([
    import('../src/clock.js'),
    import('../src/container.js'),
    import('../src/db/models/binding.js'),
    import('../src/db/models/outbox-message.js'),
    import('../bot/mock-chat.js'),
    import('./chat-transcript.js'),
    import('./chat-channels/typed-lines.js'),
  ])
  const c = buildContainer(db.conn, systemClock, config, logger)

  const chat = new MockChat(c)
  await chat.start(undefined, { recordState: false }) // the service's bot state stays its own
  const me = chat.mocker.createContact({ name: values.as })
  const topic = `${unit.name}工作群（模拟）`
  const room = values.private ? undefined : chat.mocker.createRoom({ topic, memberIdList: [chat.botUser.id, me.id] })
  // bind the simulated group (or the person, for --private) to the unit, replacing an earlier simulation's
  const bindings = bindingModel(db.conn)
  const now = systemClock.now()
  if (room) {
    await bindings.updateMany({ roomTopic: topic, active: true }, { $set: { active: false } })
    await bindings.create({
      kind: 'unit-room',
      account: 'default',
      roomId: room.id,
      roomTopic: topic,
      unitCode: unit.code,
      boundBy: 'simulator',
      boundAt: now,
      active: true,
    })
  } else {
    await bindings.create({
      kind: 'member',
      account: 'default',
      unitCode: unit.code,
      memberId: me.id,
      memberName: values.as,
      boundBy: 'simulator',
      boundAt: now,
      active: true,
    })
  }
  console.log(
    `— 模拟${room ? `群「${topic}」` : '私聊'}，您是「${values.as}」。输入消息后回车；Ctrl-D 结束。试试：填报、进度、帮助`,
  )

  // everything the bot sends here is printed, replies and what arrives on its own (a return notice, a
  // broadcast notice, a reminder), in order and marked by kind; between lines it is looked for every 0.5 s
  const transcript = new ChatTranscript(
    chat.sent,
    outboxModel(db.conn),
    room ? { roomId: room.id } : { contactId: me.id },
  )
  let printing: Promise<void> = Promise.resolve()
  const flush = () => (printing = printing.then(() => transcript.flush()).catch(() => undefined))
  // a file as WeChat delivers one: an attachment message (no @ possible), its bytes in the puppet
  await runTypedLines(
    {
      as: values.as,
      say: async (line) => void (await chat.say(me, line, room)),
      sendFile: async (name, data) => void (await chat.sayFile(me, name, data, room)),
      flush,
    },
    500,
    values.sendFile,
  )
  await chat.settle()
  await flush()
  await chat.stop()
  await db.close()
  return 0
})
