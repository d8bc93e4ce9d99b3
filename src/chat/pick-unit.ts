import type { ChatDeps, ChatTurn } from './chat-deps.js'
import { startFiling } from './start-filing.js'

/** A person bound to several units starts filling in a private chat: which unit? (a pending choice) */
export async function askUnit(d: ChatDeps, turn: ChatTurn, units: string[]): Promise<string[]> {
  const names = await d.bindings.unitNames(units)
  const options = units.map((u) => ({ unitCode: u, label: names.get(u) ?? u }))
  await d.pending.set(turn.place.roomId, turn.person.id, { kind: 'pick-unit', options })
  return [`您绑定了多个单位，请回复序号选择要填报的单位：\n${options.map((o, i) => `${i + 1}. ${o.label}`).join('\n')}`]
}

/** The unit picked: remembered as the person's first unit, and filing starts for it. */
export async function pickUnit(d: ChatDeps, turn: ChatTurn, unitCode: string): Promise<string[]> {
  await d.pending.clear(turn.place.roomId, turn.person.id)
  await d.bindings.preferUnit(turn.person.id, unitCode)
  return startFiling(d, turn, unitCode)
}
