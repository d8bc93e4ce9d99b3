import type { Container } from '../../src/container.js'
import type { ChatTurn } from '../chat-turn.js'

/**
 * Which unit a message speaks for: a unit's own group → that unit; a shared group or a private chat →
 * the unit the person bound themself to (if several, the bot asks on 填报 which one).
 */
export async function resolveUnit(c: Container, turn: ChatTurn): Promise<{ unitCode: string | null; replies: string[] }> {
  if (turn.binding?.kind === 'unit-room' && turn.binding.unitCode) return { unitCode: turn.binding.unitCode, replies: [] }
  const units = await c.chat.bindings.memberUnits(turn.person.id)
  if (units.length === 1) return { unitCode: units[0], replies: [] }
  if (units.length === 0) {
    const where = turn.place.roomId ? '在本群' : '在单位工作群或多单位群'
    return { unitCode: null, replies: [`您还没有绑定单位。请${where}发送“绑定 绑定码”（绑定码向财政局绩效股索取）。`] }
  }
  // several units: the first one bound in this room, else the first one
  return { unitCode: units[0], replies: [] }
}
