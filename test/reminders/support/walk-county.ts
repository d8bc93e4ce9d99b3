import type { Connection } from 'mongoose'
import { bindingModel } from '../../../src/db/models/binding.js'
import { bureauStaffModel } from '../../../src/db/models/bureau-staff.js'
import { managerModel } from '../../../src/db/models/manager.js'
import { roundModel } from '../../../src/db/models/round.js'
import { roundUnitModel } from '../../../src/db/models/round-unit.js'
import { unitModel } from '../../../src/db/models/unit.js'
import { dueInstant } from '../../../src/domain/due-instant.js'
import type { FormCode, Unit } from '../../../src/domain/types.js'
import type { MockWechat } from '../../outbox/support/mock-wechat.js'

/**
 * The county of the round walk: units in their own groups (A, B, C, E), three in the shared group
 * 部门绩效工作群 (F, G, H), one reachable nowhere (N), and the bureau's group. A submits early, B late
 * (day +2), H on the due-day eve, E has an extension to Thu 07-15, C, F, G and N never submit.
 * Round 2027年1-6月, due Saturday 2027-07-10.
 */
export const OWN = {
  A: '示例县教育局财务群',
  B: '示例县林业局财务群',
  C: '示例县水务局财务群',
  E: '示例县档案馆财务群',
} as const
export const SHARED = '部门绩效工作群'
export const BUREAU = '财政局绩效股工作群'
export const NAMES: Record<string, string> = {
  A: '示例县教育局',
  B: '示例县林业局',
  C: '示例县水务局',
  E: '示例县档案馆',
  F: '甲乡人民政府',
  G: '乙镇人民政府',
  H: '示例县民政局',
  N: '示例县地震局',
}
const FORMS: Record<string, FormCode[]> = {
  A: ['department', 'project'],
  B: ['project'],
  C: ['department', 'project'],
  E: ['project'],
  F: ['department'],
  G: ['department', 'disclosure'],
  H: ['project'],
  N: ['department'],
}

const finance = (code: string) => `${code}财务小李`

export interface WalkCounty {
  roundId: string
  rooms: Record<string, string>
  /** ids of the bound members of F, G, H in the shared group */
  members: Record<string, string>
}

export async function seedWalkCounty(db: Connection, wx: MockWechat): Promise<WalkCounty> {
  const codes = Object.keys(NAMES)
  // build indexes before writing: the Java test server fails an insert racing an index build
  for (const m of [
    unitModel(db),
    bindingModel(db),
    managerModel(db),
    bureauStaffModel(db),
    roundModel(db),
    roundUnitModel(db),
  ])
    await m.init()
  const units: Unit[] = codes.map((code) => ({
    code,
    name: NAMES[code],
    kind: code === 'F' || code === 'G' ? 'township' : 'department',
    tags: code === 'F' || code === 'G' ? ['乡镇'] : ['政府部门'],
    contacts: [
      { name: finance(code), wechatName: finance(code), phone: `1390000000${codes.indexOf(code)}`, role: 'finance' },
      { name: `${code}局长`, email: `${code.toLowerCase()}.head@county.example`, role: 'head' },
    ],
    indicators: [],
  }))
  await unitModel(db).insertMany(units)
  const people = Object.fromEntries(codes.map((c) => [c, wx.mocker.createContact({ name: finance(c) })]))
  const rooms: Record<string, string> = {}
  for (const [code, topic] of Object.entries(OWN))
    rooms[code] = wx.mocker.createRoom({ topic, memberIdList: [wx.user.id, people[code].id] }).id
  rooms.shared = wx.mocker.createRoom({
    topic: SHARED,
    memberIdList: [wx.user.id, people.F.id, people.G.id, people.H.id],
  }).id
  rooms.bureau = wx.mocker.createRoom({ topic: BUREAU, memberIdList: [wx.user.id] }).id

  const boundAt = new Date('2027-06-01T00:00:00Z')
  const members = { F: people.F.id, G: people.G.id, H: people.H.id }
  await bindingModel(db).insertMany([
    ...Object.entries(OWN).map(([code, topic]) => ({
      kind: 'unit-room',
      roomId: rooms[code],
      roomTopic: topic,
      unitCode: code,
      boundAt,
    })),
    { kind: 'shared-room', roomId: rooms.shared, roomTopic: SHARED, boundAt },
    ...Object.entries(members).map(([code, id]) => ({
      kind: 'member',
      roomId: rooms.shared,
      memberId: id,
      memberName: finance(code),
      unitCode: code,
      boundAt,
    })),
    { kind: 'bureau-room', roomId: rooms.bureau, roomTopic: BUREAU, boundAt },
  ])
  await managerModel(db).insertMany([
    { name: '王副县长', email: 'wang@county.example', scope: { kind: 'all' } },
    { name: '刘书记', email: 'liu@county.example', scope: { kind: 'tag', tag: '乡镇' } },
    { name: '陈部长', email: 'chen@county.example', scope: { kind: 'department', code: 'D9' } },
  ])
  await bureauStaffModel(db).create({ name: '赵股长', email: 'zhao@czj.example' })
  const round = await roundModel(db).create({
    title: '2027年1-6月',
    year: 2027,
    endMonth: 6,
    status: 'open',
    dueAt: dueInstant('2027-07-10'),
    lockAt: dueInstant('2027-07-31'),
  })
  const roundId = String(round._id)
  await roundUnitModel(db).insertMany(
    codes.map((code) => ({
      roundId,
      unitCode: code,
      forms: FORMS[code],
      ...(code === 'E' ? { extensionUntil: dueInstant('2027-07-15') } : {}),
    })),
  )
  return { roundId, rooms, members }
}

/** When each unit files everything (Asia/Shanghai local time); units not listed never do. */
export const SUBMITS: Record<string, string> = { A: '2027-07-05T12:00', H: '2027-07-09T12:00', B: '2027-07-12T12:00' }
export const formsOf = (code: string): FormCode[] => FORMS[code]
