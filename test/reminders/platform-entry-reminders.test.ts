import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DateTime } from 'luxon'
import type { Connection } from 'mongoose'
import { bindingModel } from '../../src/db/models/binding.js'
import { roundModel } from '../../src/db/models/round.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { unitModel } from '../../src/db/models/unit.js'
import { ReminderRepository } from '../../src/db/repositories/reminder-repository.js'
import { buildDigest, ENTRY_OWED } from '../../src/domain/digest.js'
import { dueInstant } from '../../src/domain/due-instant.js'
import { formTitles } from '../../src/forms/titles.js'
import { renderDigest } from '../../src/mail/digest-template.js'
import type { Round } from '../../src/domain/types.js'
import { routeGroupReminders } from '../../src/services/reminders/route-group-reminders.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { testContainer } from '../support/container.js'
import { seedOneUnitRound } from './support/one-unit-round.js'

const at = (s: string) => DateTime.fromISO(s, { zone: 'Asia/Shanghai' }).toJSDate()

/**
 * U1 (示例县教育局) files the project table, due Sat 2027-07-10, and has submitted it on 07-05. With the
 * round's requirePlatformEntry off it is done and hears nothing; with it on it owes the platform entry,
 * and the reminders (and escalation) ask for that, and for 已录入 — not for forms.
 */
describe('reminders follow requirePlatformEntry (real sweep and database)', () => {
  let db: Connection
  let c: ReturnType<typeof testContainer>
  let roundId: string

  beforeAll(async () => {
    db = await openTestDb('entry_reminders')
    c = testContainer(db, at('2027-07-07T09:00'))
    for (const m of [unitModel(db), bindingModel(db), roundModel(db), roundUnitModel(db), c.outbox.model])
      await m.init()
    roundId = await seedOneUnitRound(db, { title: '2027年1-6月', endMonth: 6, due: '2027-07-10' })
    await roundUnitModel(db).updateOne(
      { roundId, unitCode: 'U1' },
      { $set: { submitted: ['project'], complete: true, completedAt: at('2027-07-05T10:00') } },
    )
  })
  afterAll(async () => closeTestDb(db))

  const texts = async (): Promise<{ key: string; text?: string }[]> =>
    (await c.outbox.model.find({}, { key: 1, text: 1 }).sort({ createdAt: 1 }).lean()).map((d) => ({
      key: d.key.replace(`:${roundId}:`, ':R:'),
      text: d.text,
    }))

  it('off: a submitted unit hears nothing; on: it is asked for the entry, until it is entered', async () => {
    await roundModel(db).updateOne({ _id: roundId }, { $set: { requirePlatformEntry: false } })
    await c.api.platformEntries.clear(roundId, 'U1')
    const before = new Set((await texts()).map((m) => m.key))
    const since = async () => (await texts()).filter((m) => !before.has(m.key))
    c.clock.set(at('2027-07-07T09:00'))
    await c.chase.reminders.sweep()
    expect(await since()).toEqual([])

    await roundModel(db).updateOne({ _id: roundId }, { $set: { requirePlatformEntry: true } })
    c.clock.set(at('2027-07-09T09:00'))
    await c.chase.reminders.sweep()
    const sent = await since()
    expect(sent.map((m) => m.key)).toEqual(['reminder:R:U1:due-0900@2027-07-10'])
    expect(sent[0].text).toContain('【录入提醒】2027年1-6月预算绩效运行监控')
    expect(sent[0].text).toContain('示例县教育局的监控表已全部提交')
    expect(sent[0].text).toContain('预算管理一体化平台')
    expect(sent[0].text).toContain('回复“已录入”')
    expect(sent[0].text).not.toContain('未提交')

    // entered: the afternoon slot has nothing for it
    await c.api.platformEntries.markEntered(roundId, ['U1'], 'chat', '张丽')
    c.clock.set(at('2027-07-09T16:00'))
    await c.chase.reminders.sweep()
    expect(await since()).toHaveLength(1)
  })

  it('escalation likewise: the firm words are about the entry (after the bureau cleared a wrong mark)', async () => {
    await roundModel(db).updateOne({ _id: roundId }, { $set: { requirePlatformEntry: true } })
    await c.api.platformEntries.clear(roundId, 'U1')
    c.clock.set(at('2027-07-12T09:00'))
    const before = new Set((await texts()).map((m) => m.key))
    await c.chase.escalation.escalate()
    const firm = (await texts()).filter((m) => !before.has(m.key))
    expect(firm.map((m) => m.key)).toEqual(['escalation:R:U1:firm@2027-07-10'])
    expect(firm[0].text).toContain('【逾期催办】')
    expect(firm[0].text).toContain('尚未在预算管理一体化平台完成录入')
    expect(firm[0].text).toContain('回复“已录入”')
  })
})

describe('digests with the option on', () => {
  let db: Connection
  let roundId: string
  beforeAll(async () => {
    db = await openTestDb('entry_digest')
    for (const m of [unitModel(db), bindingModel(db), roundModel(db), roundUnitModel(db)]) await m.init()
    roundId = await seedOneUnitRound(db, { title: '2027年1-6月', endMonth: 6, due: '2027-07-10' })
    await roundUnitModel(db).updateOne(
      { roundId, unitCode: 'U1' },
      { $set: { submitted: ['project'], complete: true, completedAt: at('2027-07-05T10:00') } },
    )
  })
  afterAll(async () => closeTestDb(db))

  it('read a submitted, not entered unit as pending only when required, and list it as owing the entry', async () => {
    const repo = new ReminderRepository(db)
    expect((await repo.pendingDigest(roundId)).pending).toEqual([])
    const d = await repo.pendingDigest(roundId, true)
    expect(d.pending.map((p) => p.status.unitCode)).toEqual(['U1'])
    expect(d.counts).toEqual({ total: 1, complete: 0 })

    const digest = buildDigest({
      kind: 'overdue',
      roundTitle: '2027年1-6月',
      titles: formTitles,
      dueAt: dueInstant('2027-07-10'),
      now: at('2027-07-13T09:00'),
      zone: 'Asia/Shanghai',
      counts: { units: 1, complete: 0 },
      pending: d.pending,
      unreachable: new Set(),
    })
    expect(digest.rows[0]).toMatchObject({ unitCode: 'U1', missing: [ENTRY_OWED], entryOwed: true })
    expect(digest.counts.awaitingEntry).toBe(1)
    const mail = renderDigest(digest, '王副县长', false)
    expect(mail.text).toContain('含已提交、未在平台录入1个')
    expect(mail.text).toContain(`未交：${ENTRY_OWED}`)
  })
})

describe('routing: units that owe only the entry are listed apart in a shared group (pure)', () => {
  it('one 录入提醒 message, its own key, each unit as 平台录入', () => {
    const now = at('2027-07-07T09:00')
    const round = { id: 'R1', title: '2027年1-6月', dueAt: dueInstant('2027-07-10') } as Round
    const base = { kind: 'reminder' as const, rule: 'before-3@2027-07-10', at: now, deadline: round.dueAt }
    const unit = (i: number, entry: boolean) => ({
      unit: { code: `U${i}`, name: `第${i}单位`, tags: [], contacts: [] },
      status: {
        unitCode: `U${i}`,
        forms: ['project' as const],
        submitted: entry ? ['project' as const] : [],
        complete: entry,
      },
      actions: [{ ...base, missing: entry ? [] : ['project' as const], ...(entry ? { entry: true as const } : {}) }],
    })
    const reach = [
      { kind: 'shared-room' as const, account: 'default', roomId: 'S1', roomTopic: '部门绩效工作群' },
      ...[1, 2].map((i) => ({
        kind: 'member' as const,
        account: 'default',
        roomId: 'S1',
        unitCode: `U${i}`,
        memberId: `m${i}`,
        memberName: `财务${i}`,
      })),
    ]
    const { messages } = routeGroupReminders(round, [unit(1, false), unit(2, true)], reach, now, 'Asia/Shanghai')
    expect(messages.map((m) => m.key)).toEqual([
      'reminder:R1:room-S1:before-3@2027-07-10:1',
      'reminder:R1:room-S1:before-3@2027-07-10:entry-1',
    ])
    expect(messages[0].text).toContain('1. 第1单位：项目支出表')
    expect(messages[1].text).toContain('【录入提醒】')
    expect(messages[1].text).toContain('1. 第2单位：平台录入')
    expect(messages[1].text).toContain('回复“已录入”')
  })
})
