import type { Connection } from 'mongoose'
import { systemClock } from '../../src/clock.js'
import { bindingModel } from '../../src/db/models/binding.js'
import { runTypedLines } from './typed-lines.js'

/** One official channel's real adapter against its local fake platform, as the simulator drives it. */
export interface OfficialSession {
  /** the bot account the adapter journals and queues under (the binding's account) */
  account: string
  /** the simulated group's platform id (DingTalk openConversationId, WeCom chatid) */
  groupId: string
  /** the simulated group's push address (WeCom: the key of the group robot the fake knows), kept on its binding */
  webhookKey?: string
  /** `who` says `text` in the group; resolves once the turn is handled and its replies are out */
  say(who: string, text: string): Promise<void>
  /** `who` sends a file as the platform delivers one to the robot; resolves like `say` */
  sendFile(who: string, name: string, data: Buffer): Promise<void>
  /** the bot's messages to the group since the last call, in the order they arrived: replies and proactive ones */
  arrived(): string[]
  stop(): Promise<void>
}

/** How often the simulator looks for what arrived on its own (a reminder, a notice) between typed lines. */
const WATCH_MS = 250

/** A bot message as the simulator prints it: leading @mentions taken out, continuation lines indented. */
export function botLine(text: string): string {
  const plain = text
    .split('\n')
    .map((l) => l.replace(/^(\s*@[^\s\u2005]+[\s\u2005]+)+/, ''))
    .join('\n         ')
  return `机器人> ${plain}`
}

/**
 * The simulator's loop for an official channel: the simulated group bound to the unit (replacing an
 * earlier simulation's binding of the same group), then each typed line said in it and what the robot
 * sent printed. Proactive messages (reminders, notices, 催报 queued by the jobs or the admin API while
 * the simulator runs) are printed as they arrive, looked for every WATCH_MS, without waiting for a line.
 */
export async function runOfficialChat(
  conn: Connection,
  s: OfficialSession,
  o: { channel: string; unit: { code: string; name: string }; as: string; sendFile?: string },
): Promise<void> {
  const topic = `${o.unit.name}工作群（模拟）`
  const bindings = bindingModel(conn)
  await bindings.updateMany({ account: s.account, roomId: s.groupId, active: true }, { $set: { active: false } })
  await bindings.create({
    kind: 'unit-room',
    account: s.account,
    roomId: s.groupId,
    roomTopic: topic,
    unitCode: o.unit.code,
    boundBy: 'simulator',
    boundAt: systemClock.now(),
    active: true,
    ...(s.webhookKey ? { webhookKey: s.webhookKey } : {}),
  })
  console.log(`— 模拟${o.channel}群「${topic}」，您是「${o.as}」。输入消息后回车；Ctrl-D 结束。试试：填报、进度、帮助`)
  // one printer, so a watch tick and a typed line's answer never print the same message or interleave
  let printing: Promise<void> = Promise.resolve()
  const flush = () =>
    (printing = printing.then(() => {
      for (const text of s.arrived()) console.log(botLine(text))
    }))
  await runTypedLines(
    {
      as: o.as,
      say: (line) => s.say(o.as, line),
      sendFile: (name, data) => s.sendFile(o.as, name, data),
      flush,
    },
    WATCH_MS,
    o.sendFile,
  )
  await flush()
}
