import type { Connection } from 'mongoose'
import { bindingModel } from '../../../src/db/models/binding.js'
import { roundModel } from '../../../src/db/models/round.js'
import { roundUnitModel } from '../../../src/db/models/round-unit.js'
import { unitModel } from '../../../src/db/models/unit.js'
import { dueInstant } from '../../../src/domain/due-instant.js'

/**
 * One unit (U1, 示例县教育局) bound to its finance group R1, and one open round in which it files the
 * project table: the smallest county a reminder can be planned for. Returns the round's id.
 */
export async function seedOneUnitRound(
  db: Connection,
  round: { title: string; endMonth: number; due: string },
): Promise<string> {
  await unitModel(db).create({
    code: 'U1',
    name: '示例县教育局',
    kind: 'department',
    tags: [],
    contacts: [{ name: '张丽', role: 'finance' }],
    indicators: [],
  })
  await bindingModel(db).create({
    kind: 'unit-room',
    roomId: 'R1',
    roomTopic: '教育局财务群',
    unitCode: 'U1',
    boundAt: new Date(),
  })
  const r = await roundModel(db).create({
    title: round.title,
    year: 2027,
    endMonth: round.endMonth,
    status: 'open',
    dueAt: dueInstant(round.due),
  })
  const roundId = String(r._id)
  await roundUnitModel(db).create({ roundId, unitCode: 'U1', forms: ['project'] })
  return roundId
}
