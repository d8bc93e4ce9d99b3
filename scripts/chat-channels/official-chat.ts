import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { createInterface } from 'node:readline'
import type { Connection } from 'mongoose'
import { systemClock } from '../../src/clock.js'
import { bindingModel } from '../../src/db/models/binding.js'
import { fileLine } from './file-line.js'

/** One official channel's real adapter against its local fake platform, as the simulator drives it. */
export interface OfficialSession {
  /** the bot account the adapter journals and queues under (the binding's account) */
  account: string
  /** the simulated group's platform id (DingTalk openConversationId, WeCom chatid) */
  groupId: string
  /** `who` says `text` in the group: the bot's messages to the group sent since the last call */
  say(who: string, text: string): Promise<string[]>
  /** `who` sends a file as the platform delivers one to the robot: what the robot answered */
  sendFile(who: string, name: string, data: Buffer): Promise<string[]>
  stop(): Promise<void>
}

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
 * sent printed. Proactive messages (reminders, notices) show when the next line is answered.
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
  })
  console.log(`— 模拟${o.channel}群「${topic}」，您是「${o.as}」。输入消息后回车；Ctrl-D 结束。试试：填报、进度、帮助`)
  const sendFile = async (path: string) => {
    console.log(`${o.as}> [文件] ${basename(path)}`)
    for (const text of await s.sendFile(o.as, basename(path), await readFile(path))) console.log(botLine(text))
  }
  if (o.sendFile) await sendFile(o.sendFile)
  const lines = createInterface({ input: process.stdin, terminal: process.stdin.isTTY })
  for await (const line of lines) {
    if (!line.trim()) continue
    const file = fileLine(line)
    if (file !== undefined) {
      if (existsSync(file)) await sendFile(file)
      else console.log(`（没有文件 ${file}）`)
      continue
    }
    if (!process.stdin.isTTY) console.log(`${o.as}> ${line}`)
    for (const text of await s.say(o.as, line)) console.log(botLine(text))
  }
}
