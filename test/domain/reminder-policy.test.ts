import { describe, it, expect } from '@jest/globals'
import { DateTime } from 'luxon'
import { dueInstant } from '../../src/domain/due-instant.js'
import {
  daysOverdue,
  dailyDigestDay,
  dueActions,
  inManagerDigest,
  planSlots,
  weeklyDigestWeek,
  type PolicyRound,
  type PolicyUnit,
} from '../../src/domain/reminder-policy.js'
import { WorkCalendar, packageCoversYear } from '../../src/domain/work-calendar.js'
import type { ReminderSettings } from '../../src/domain/types.js'

const Z = 'Asia/Shanghai'
const local = (s: string): Date => DateTime.fromISO(s, { zone: Z }).toJSDate()
const show = (d: Date): string => DateTime.fromJSDate(d, { zone: Z }).toFormat("yyyy-MM-dd'T'HH:mm")
const settings: ReminderSettings = {
  daysBefore: [7, 3, 1],
  time: '09:00',
  dueDayTimes: ['09:00', '16:00'],
  quietStart: '21:00',
  quietEnd: '08:30',
}
// due Saturday 2027-07-10, the date domain.md names; 2027 is past the package's data, weekends still count
const round: PolicyRound = {
  dueAt: dueInstant('2027-07-10'),
  lockAt: dueInstant('2027-07-31'),
  status: 'open',
  reminders: settings,
  escalation: { headEmailDay: 1, digestFromDay: 2 },
}
const pending: PolicyUnit = { forms: ['department', 'project'], submitted: ['department'], complete: false }
const cal = new WorkCalendar()
const rules = (r: PolicyRound, u: PolicyUnit, now: string, c = cal): string[] =>
  dueActions(r, u, c, local(now), Z).map((a) => a.rule)

describe('reminder policy: slots', () => {
  it('places 7/3/1 days before and the due day on working days, then escalation on the next working day', () => {
    expect(planSlots(round, round.dueAt, cal, Z).map((s) => `${s.rule} ${show(s.at)}`)).toEqual([
      'before-7@2027-07-10 2027-07-02T09:00', // Sat 07-03 → Fri
      'before-3@2027-07-10 2027-07-07T09:00',
      'due-0900@2027-07-10 2027-07-09T09:00', // due Sat → Fri; before-1 lands on the same instant and is dropped
      'due-1600@2027-07-10 2027-07-09T16:00',
      'firm@2027-07-10 2027-07-12T09:00', // day 1 = first working day after the due day
      'head@2027-07-10 2027-07-12T09:00',
    ])
  })

  it('uses the package holidays for 2026: National Day moves the reminders before 2026-10-08 to 09-30', () => {
    const r = { ...round, dueAt: dueInstant('2026-10-08') }
    expect(
      planSlots(r, r.dueAt, cal, Z)
        .filter((s) => s.kind === 'reminder')
        .map((s) => `${s.rule} ${show(s.at)}`),
    ).toEqual([
      'before-1@2026-10-08 2026-09-30T09:00', // 10-01, 10-05 and 10-07 are all 国庆节: one message, the most urgent
      'due-0900@2026-10-08 2026-10-08T09:00',
      'due-1600@2026-10-08 2026-10-08T16:00',
    ])
  })

  it('a bureau override (holiday) moves a reminder to the previous working day', () => {
    const withOverride = new WorkCalendar([{ date: '2027-07-07', work: false, name: '县内调休' }])
    expect(rules(round, pending, '2027-07-06T09:00', withOverride)).toEqual(['before-3@2027-07-10'])
    expect(rules(round, pending, '2027-07-07T09:00', withOverride)).toEqual([])
  })

  it('defers a reminder time inside quiet hours to their end', () => {
    const late = { ...round, reminders: { ...settings, time: '22:00', dueDayTimes: ['23:00'] } }
    expect(
      planSlots(late, late.dueAt, cal, Z)
        .map((s) => `${s.rule} ${show(s.at)}`)
        .slice(0, 3),
    ).toEqual([
      'before-7@2027-07-10 2027-07-02T08:30', // Sat 22:00 → Sun 08:30 → back to Fri: never on a weekend
      'before-3@2027-07-10 2027-07-08T08:30', // Wed 22:00 → Thu 08:30
      'due-2300@2027-07-10 2027-07-09T08:30', // Sat 23:00 → Sun 08:30 → Fri
    ])
  })

  it('knows which years the package covers, and a year the bureau entered overrides for', () => {
    expect([2004, 2026, 2027].map(packageCoversYear)).toEqual([true, true, false])
    expect(new WorkCalendar([{ date: '2027-10-01', work: false }]).knowsYear(2027)).toBe(true)
    expect(new WorkCalendar().knowsYear(2027)).toBe(false)
  })
})

describe('reminder policy: what is due now', () => {
  const table: [string, string, string[]][] = [
    ['before the first slot', '2027-07-02T08:59', []],
    ['7 days before (moved to Friday)', '2027-07-02T09:00', ['before-7@2027-07-10']],
    ['still the same slot in the evening', '2027-07-02T20:59', ['before-7@2027-07-10']],
    ['quiet hours start', '2027-07-02T21:00', []],
    ['a weekend', '2027-07-03T10:00', []],
    ['3 days before', '2027-07-07T09:05', ['before-3@2027-07-10']],
    ['due-day morning (Friday)', '2027-07-09T15:59', ['due-0900@2027-07-10']],
    ['due-day afternoon', '2027-07-09T16:00', ['due-1600@2027-07-10']],
    ['the due date itself is a Saturday', '2027-07-10T10:00', []],
    ['day 1 overdue: firmer reminder and the head e-mail', '2027-07-12T09:00', ['firm@2027-07-10', 'head@2027-07-10']],
    ['day 2: nothing per unit (the managers digest takes over)', '2027-07-13T09:00', []],
  ]
  it.each(table)('%s (%s)', (_label, now, expected) => {
    expect(rules(round, pending, now)).toEqual(expected)
  })

  it('reports the missing forms and the deadline', () => {
    const [a] = dueActions(round, pending, cal, local('2027-07-07T09:00'), Z)
    expect(a).toMatchObject({ kind: 'reminder', missing: ['project'], deadline: round.dueAt })
  })

  it('respects an extension: reminders follow the new date, no escalation before it', () => {
    const ext = { ...pending, extensionUntil: dueInstant('2027-07-15') }
    expect(rules(round, ext, '2027-07-12T09:00')).toEqual(['before-3@2027-07-15'])
    expect(rules(round, ext, '2027-07-16T09:00')).toEqual(['firm@2027-07-15', 'head@2027-07-15'])
  })

  const silent: [string, PolicyRound, PolicyUnit, string][] = [
    ['submitted', round, { ...pending, submitted: ['department', 'project'], complete: true }, '2027-07-07T09:00'],
    [
      'every form in, complete flag not yet set',
      round,
      { ...pending, submitted: ['department', 'project'] },
      '2027-07-07T09:00',
    ],
    ['after the lock', { ...round, lockAt: local('2027-07-12T08:00') }, pending, '2027-07-12T09:00'],
    ['round closed', { ...round, status: 'closed' }, pending, '2027-07-07T09:00'],
  ]
  it.each(silent)('sends nothing when %s', (_label, r, u, now) => {
    expect(rules(r, u, now)).toEqual([])
  })
})

describe('reminder policy: digests', () => {
  it('puts a unit in the managers digest from the 2nd working day after its due day', () => {
    expect(inManagerDigest(round, pending, cal, local('2027-07-12T09:00'), Z)).toBe(false)
    expect(inManagerDigest(round, pending, cal, local('2027-07-13T09:00'), Z)).toBe(true)
    expect(inManagerDigest(round, { ...pending, complete: true }, cal, local('2027-07-13T09:00'), Z)).toBe(false)
  })

  it.each([
    ['2027-07-10T23:00', 0],
    ['2027-07-11T00:10', 1],
    ['2027-07-14T10:00', 4],
  ])('counts calendar days overdue at %s → %i', (now, days) => {
    expect(daysOverdue(round.dueAt, local(now), Z)).toBe(days)
  })

  it.each([
    ['2027-07-12T08:59', null, null],
    ['2027-07-12T09:00', '2027-07-12', '2027-W28'],
    ['2027-07-13T12:00', '2027-07-13', null],
    ['2027-07-13T21:00', null, null],
    ['2027-07-17T10:00', null, null], // Saturday
  ])('daily and weekly digest windows at %s', (now, day, week) => {
    expect(dailyDigestDay(settings, cal, local(now), Z)).toBe(day)
    expect(weeklyDigestWeek(settings, cal, local(now), Z)).toBe(week)
  })

  it('moves the weekly summary to Tuesday when Monday is a holiday', () => {
    const c = new WorkCalendar([{ date: '2027-07-12', work: false }])
    expect(weeklyDigestWeek(settings, c, local('2027-07-13T09:00'), Z)).toBe('2027-W28')
  })
})
