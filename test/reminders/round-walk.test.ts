import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { BUREAU, OWN, SHARED } from './support/walk-county.js'
import { RoundWalker, instant } from './support/round-walker.js'

/**
 * The round walk: day −8 (Fri 07-02) to day +4 (Wed 07-14) of a round due Sat 2027-07-10, every job
 * handler run twice at each instant, messages delivered to the mock puppet and a real SMTP server.
 * Each stretch of days is its own test on its own database: its walker fast-forwards a fresh county to
 * the stretch's first day (a restart: new container, clock and delivery), then walks it and expects
 * exactly the lines below that fall in it — so one stretch failing cannot fail another.
 */
const WECHAT = [
  `07-02 09:00 ${BUREAU} 催报未送达 N`,
  // 2027 has no holiday data: the bureau is told once — held past the night's quiet hours, never repeated
  `07-02 09:00 ${BUREAU} 节假日未录入 `,
  `07-02 09:00 ${OWN.A} 催报提醒`,
  `07-02 09:00 ${OWN.B} 催报提醒`,
  `07-02 09:00 ${OWN.C} 催报提醒`,
  `07-02 09:00 ${SHARED} 催报提醒 F,G,H`,
  `07-07 09:00 ${BUREAU} 催报未送达 N`,
  `07-07 09:00 ${OWN.B} 催报提醒`,
  `07-07 09:00 ${OWN.C} 催报提醒`,
  `07-07 09:00 ${SHARED} 催报提醒 F,G,H`,
  `07-08 09:00 ${OWN.E} 催报提醒`, // E's extension to 07-15: 7 days before
  `07-09 09:00 ${BUREAU} 催报未送达 N`,
  `07-09 09:00 ${OWN.B} 催报提醒`,
  `07-09 09:00 ${OWN.C} 催报提醒`,
  `07-09 09:00 ${SHARED} 催报提醒 F,G,H`,
  `07-09 16:00 ${OWN.B} 催报提醒`, // due Sat → both due-day reminders on Fri; after the restart
  `07-09 16:00 ${OWN.C} 催报提醒`,
  `07-09 16:00 ${SHARED} 催报提醒 F,G`, // H submitted at 12:00
  `07-12 09:00 ${BUREAU} 催报未送达 N`,
  `07-12 09:00 ${OWN.B} 逾期催办`, // day 1 = Monday
  `07-12 09:00 ${OWN.C} 逾期催办`,
  `07-12 09:00 ${OWN.E} 催报提醒`, // 3 days before 07-15
  `07-12 09:00 ${SHARED} 逾期催办 F,G`,
  `07-14 09:00 ${OWN.E} 催报提醒`, // 1 day before 07-15
]

const MAILS = [
  '07-05 09:00 zhao@czj.example 进度周报 A,B,C,E,F,G,H,N',
  '07-12 09:00 b.head@county.example 逾期提醒 B',
  '07-12 09:00 c.head@county.example 逾期提醒 C',
  '07-12 09:00 f.head@county.example 逾期提醒 F',
  '07-12 09:00 g.head@county.example 逾期提醒 G',
  '07-12 09:00 n.head@county.example 逾期提醒 N',
  '07-12 09:00 zhao@czj.example 进度周报 B,C,E,F,G,N',
  '07-13 09:00 liu@county.example 逾期通报 F,G', // 乡镇 tag; B submitted on day 1 and is gone
  '07-13 09:00 wang@county.example 逾期通报 C,F,G,N',
  '07-14 09:00 liu@county.example 逾期通报 F,G',
  '07-14 09:00 wang@county.example 逾期通报 C,F,G,N',
]

interface Stretch {
  from: string
  to: string
  /** what else this stretch shows, given its walker after the walk */
  also?: (w: RoundWalker) => Promise<void> | void
}

const STRETCHES: [string, Stretch][] = [
  [
    'days −8 to −5: first reminders, the missing-holiday warning, the weekly digest',
    { from: '2027-07-02T02:00', to: '2027-07-05T22:00' },
  ],
  [
    'days −4 to −1 morning: reminders 3 and 1 days before, the extension counted from its own date',
    {
      from: '2027-07-06T02:00',
      to: '2027-07-09T09:00',
      also: (w) => {
        const c = w.sentTexts.find((s) => s.label === '07-07 09:00' && s.conversationId === w.county.rooms.C)
        expect(c?.text).toBe(
          [
            '@C财务小李 【催报提醒】2027年1-6月预算绩效运行监控',
            '示例县水务局还有以下监控表未提交：',
            '1. 部门整体支出绩效目标执行监控表',
            '2. 项目支出绩效目标执行监控表',
            '截止时间：7月10日（周六）24:00，还剩3天。',
            '请在群里发送“填报”开始填写，也可在小程序中填报。',
          ].join('\n'),
        )
      },
    },
  ],
  [
    'day −1 after a restart at noon to the weekend: due-day reminders moved to Friday, @mentions in the shared group',
    {
      from: '2027-07-09T12:00',
      to: '2027-07-11T22:00',
      also: async (w) => {
        // no holiday data for 2027 in this county (package or overrides): the job still knows it
        expect((await w.container.chase.reminders.sweep()).unknownYears).toEqual([2027])
        const shared = w.sentTexts.find((s) => s.label === '07-09 16:00' && s.conversationId === w.county.rooms.shared)
        expect(shared?.mentionIds).toEqual([w.county.members.F, w.county.members.G])
        expect(shared?.text).toContain('1. 甲乡人民政府：部门整体表\n2. 乙镇人民政府：部门整体表、自评公开网址')
      },
    },
  ],
  [
    "days +2 to +4: overdue notices, the heads' e-mails, the managers' digests",
    {
      from: '2027-07-12T02:00',
      to: '2027-07-14T22:00',
      also: (w) => {
        const digest = w.mails.find(
          (m) => m.subject?.includes('逾期通报') && String(m.to && [m.to].flat()[0]?.text).startsWith('wang'),
        )
        expect(digest?.text).toContain('示例县水务局 — 逾期3天')
        expect(digest?.text).toContain('财务：C财务小李 13900000002')
        expect(digest?.text).toContain('未绑定微信群或联系人，催报无法送达，请电话联系：示例县地震局')
        expect(digest?.html).toContain('<a href="tel:13900000002">')
      },
    },
  ],
]

/** "2027-07-02T02:00" → "07-02 02:00", the lines' prefix */
const label = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11)}`
const within = (s: Stretch) => (line: string) => line.slice(0, 11) >= label(s.from) && line.slice(0, 11) <= label(s.to)
const at = (iso: string) => instant(iso.slice(0, 10), iso.slice(11))

describe.each(STRETCHES)('round walk, %s', (_name, s) => {
  let w: RoundWalker
  let outboxBefore = 0
  beforeAll(async () => {
    w = await RoundWalker.open(`walk_${s.from.slice(5, 10)}`)
    await w.fastForward(at(s.from))
    outboxBefore = await w.db.collection('outbox').countDocuments()
  })
  afterAll(async () => w?.close())

  it('sends exactly the expected messages and mails, at allowed hours on working days, never twice', async () => {
    await w.walk(at(s.from), at(s.to))
    expect(w.wechatLines.sort()).toEqual(WECHAT.filter(within(s)).sort())
    expect(w.mailLines.sort()).toEqual(MAILS.filter(within(s)).sort())
    expect((await w.db.collection('outbox').countDocuments()) - outboxBefore).toBe(
      w.wechatLines.length + w.mailLines.length,
    )
    await s.also?.(w)
  })
})
