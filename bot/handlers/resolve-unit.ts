import type { Container } from '../../src/container.js'
import { keywordOf, type ChatTurn } from '../chat-turn.js'
import { setPending } from './unit-commands.js'

/**
 * Which unit a message speaks for: a unit's own group → that unit; a shared group or a private chat →
 * the unit the person bound themself to. A person bound to several units who starts filling in a
 * private chat is asked which one; the choice is remembered as their first unit.
 */
export async function resolveUnit(c: Container, turn: ChatTurn): Promise<{ unitCode: string | null; replies: string[] }> {
  if (turn.binding?.kind === 'unit-room' && turn.binding.unitCode) return { unitCode: turn.binding.unitCode, replies: [] }
  const units = await c.chat.bindings.memberUnits(turn.person.id)
  if (units.length === 0) {
    const where = turn.place.roomId ? '在本群' : '在单位工作群或多单位群'
    return { unitCode: null, replies: [`您还没有绑定单位。请${where}发送“绑定 绑定码”（绑定码向财政局绩效股索取）。`] }
  }
  if (units.length > 1 && !turn.place.roomId && keywordOf(turn.text) === '填报') {
    const names = await c.chat.bindings.unitNames(units)
    const options = units.map((u) => ({ unitCode: u, label: names.get(u) ?? u }))
    await setPending(c, turn, { kind: 'pick-unit', options })
    return { unitCode: null, replies: [`您绑定了多个单位，请回复序号选择要填报的单位：\n${options.map((o, i) => `${i + 1}. ${o.label}`).join('\n')}`] }
  }
  return { unitCode: units[0], replies: [] }
}

/** The unit a reply most likely concerns, without asking: the group's unit, else the person's first. */
export async function currentUnit(c: Container, turn: ChatTurn): Promise<string | null> {
  if (turn.binding?.kind === 'unit-room' && turn.binding.unitCode) return turn.binding.unitCode
  return (await c.chat.bindings.memberUnits(turn.person.id))[0] ?? null
}
