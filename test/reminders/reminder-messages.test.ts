import { describe, it, expect } from '@jest/globals'
import { DateTime } from 'luxon'
import { dueInstant } from '../../src/domain/due-instant.js'
import type { DueAction } from '../../src/domain/reminder-policy.js'
import type { Round } from '../../src/domain/types.js'
import type { DueUnit } from '../../src/services/reminders/due-units.js'
import { MAX_LINES, routeGroupReminders } from '../../src/services/reminders/route-group-reminders.js'
import type { Reach } from '../../src/services/reminders/reminder-store.js'

const Z = 'Asia/Shanghai'
const now = DateTime.fromISO('2027-07-07T09:00', { zone: Z }).toJSDate()
const round = { id: 'R1', title: '2027年1-6月', dueAt: dueInstant('2027-07-10') } as Round
const action: DueAction = {
  kind: 'reminder',
  rule: 'before-3@2027-07-10',
  at: now,
  deadline: round.dueAt,
  missing: ['project'],
}
const unit = (i: number): DueUnit => ({
  unit: {
    code: `U${String(i).padStart(2, '0')}`,
    name: `第${i}单位`,
    tags: [],
    contacts: [
      { name: `财务${i}`, wechatName: `财务${i}-微信`, role: 'finance' },
      { name: `局长${i}`, role: 'head' },
    ],
  },
  status: { unitCode: `U${String(i).padStart(2, '0')}`, forms: ['project'], submitted: [], complete: false },
  actions: [action],
})
const member = (i: number, roomId?: string): Reach => ({
  kind: 'member',
  account: 'default',
  roomId,
  unitCode: unit(i).unit.code,
  memberId: `m${i}`,
  memberName: `财务${i}-微信`,
})

describe('routing group reminders (pure)', () => {
  it('splits a shared group only when it lists more than MAX_LINES units, with stable part keys', () => {
    const due = Array.from({ length: MAX_LINES + 3 }, (_, i) => unit(i + 1))
    const reach: Reach[] = [
      { kind: 'shared-room', account: 'default', roomId: 'S1', roomTopic: '部门绩效工作群' },
      ...due.map((_, i) => member(i + 1, 'S1')),
    ]
    const { messages, unreachable } = routeGroupReminders(round, due.reverse(), reach, now, Z)
    expect(unreachable).toEqual([])
    expect(messages.map((m) => [m.key, m.meta?.unitCodes?.length])).toEqual([
      ['reminder:R1:room-S1:before-3@2027-07-10:1', MAX_LINES],
      ['reminder:R1:room-S1:before-3@2027-07-10:2', 3],
    ])
    expect(messages[1].text).toContain(`${MAX_LINES + 1}. 第16单位：项目支出表`)
    expect(messages[1].text).toContain('（第2/2条）')
    expect(messages[0].target).toMatchObject({ channel: 'wechat', roomId: 'S1', roomTopic: '部门绩效工作群' })
    expect(messages[0].target.channel === 'wechat' && messages[0].target.mentions?.slice(0, 2)).toEqual([
      { id: 'm1', name: '财务1-微信' },
      { id: 'm2', name: '财务2-微信' },
    ])
  })

  it('prefers the own group, falls back to a private message, and reports the unreachable', () => {
    const reach: Reach[] = [
      { kind: 'unit-room', account: 'a2', roomId: 'G1', roomTopic: '第1单位财务群', unitCode: 'U01' },
      member(1, 'S1'), // also in a shared group: the own group wins
      member(2), // bound for private chat only
    ]
    const { messages, unreachable } = routeGroupReminders(round, [unit(1), unit(2), unit(3)], reach, now, Z)
    expect(messages.map((m) => [m.key, m.account, m.target])).toEqual([
      [
        'reminder:R1:U01:before-3@2027-07-10',
        'a2',
        { channel: 'wechat', roomId: 'G1', roomTopic: '第1单位财务群', mentions: [{ name: '财务1-微信' }] },
      ],
      [
        'reminder:R1:U02:before-3@2027-07-10:m2',
        'default',
        { channel: 'wechat', contactId: 'm2', contactName: '财务2-微信' },
      ],
    ])
    expect(unreachable.map((u) => u.code)).toEqual(['U03'])
  })
})
