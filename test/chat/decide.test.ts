import { describe, it, expect } from '@jest/globals'
import {
  decide,
  NOT_TEXT,
  BUREAU_ONLY,
  BIND_FIRST,
  type BoundPlace,
  type Decision,
  type Situation,
} from '../../src/chat/decide.js'
import type { PendingChoice } from '../../src/domain/pending-choice.js'

/**
 * The chat's routing as a table: a situation (what was said, where, what is bound, open, pending) →
 * the decision. A field left out of a situation has not been read: decide must ask for it first
 * ({ kind: 'need' }) exactly when the answer depends on it.
 */
const group = { kind: 'group' as const, id: 'R1', topic: '东山镇工作群' }
const priv = { kind: 'private' as const }
const unitRoom: BoundPlace = { kind: 'unit-room', unitCode: 'U1' }
const shared: BoundPlace = { kind: 'shared-room' }
const bureau: BoundPlace = { kind: 'bureau-room' }

const pickForm: PendingChoice = {
  kind: 'pick-form',
  unitCode: 'U1',
  options: [
    { roundId: 'r1', form: 'department', label: '部门整体支出绩效目标执行监控表' },
    { roundId: 'r1', form: 'project', label: '项目支出绩效目标执行监控表' },
  ],
}
const pickUnit: PendingChoice = {
  kind: 'pick-unit',
  options: [
    { unitCode: 'U1', label: '东山镇' },
    { unitCode: 'U2', label: '西山镇' },
  ],
}
const takeover: PendingChoice = { kind: 'takeover', dialogId: 'd1', ownerName: '张三', label: '项目表' }
const confirmNotice: PendingChoice = { kind: 'confirm-notice', noticeDraftId: 'n1' }
const fileKeep: PendingChoice = {
  kind: 'file-keep',
  unitCode: 'U1',
  roundId: 'r1',
  form: 'project',
  title: '项目表',
  fileName: '表.xlsx',
  answers: [['projects.P1.funds.total.expected', 35_000_000]],
}
const noAck = { kind: 'none' } as const

/** A situation: text said in a place, with what has been read so far. */
function at(
  text: string,
  where: Situation['msg']['where'],
  binding: BoundPlace | null,
  read: Partial<Omit<Situation, 'msg' | 'binding'>> = {},
  msg: Partial<Situation['msg']> = {},
): Situation {
  return { msg: { text, isText: true, mentionedBot: where.kind === 'private', where, ...msg }, binding, ...read }
}
/** everything read: no dialog, no notice awaiting, no pending choice, the person bound to nothing */
const all = (over: Partial<Omit<Situation, 'msg' | 'binding'>> = {}) => ({
  dialog: false,
  noticeAck: noAck,
  pending: null,
  memberUnits: [] as string[],
  ...over,
})

const rows: [string, Situation, Decision][] = [
  // unbound groups hear only 绑定
  ['unbound group: 绑定', at('绑定 BINDU1', group, null), { kind: 'command', name: '绑定' }],
  ['unbound group: 填报 is ignored, nothing read', at('填报', group, null), { kind: 'ignore' }],
  ['unbound group: chatter', at('大家好', group, null, {}, { mentionedBot: true }), { kind: 'ignore' }],
  [
    'unbound group: @bot 推送地址 → bind first',
    at('推送地址 abc', group, null, {}, { mentionedBot: true }),
    { kind: 'reply', text: BIND_FIRST },
  ],
  ['unbound group: 推送地址 without @ is ignored', at('推送地址 abc', group, null), { kind: 'ignore' }],
  // a WeCom group's push address: said in any bound group, before dialog input and bureau commands
  ['unit group: 推送地址', at('推送地址 k', group, unitRoom, all()), { kind: 'command', name: '推送地址' }],
  [
    'unit group, open dialog: 推送地址 is still the command',
    at('推送地址 k', group, unitRoom, all({ dialog: true })),
    { kind: 'command', name: '推送地址' },
  ],
  ['bureau group: 推送地址', at('推送地址 k', group, bureau, all()), { kind: 'command', name: '推送地址' }],
  ['shared group: 推送地址', at('推送地址 k', group, shared, all()), { kind: 'command', name: '推送地址' }],
  [
    'private chat: 推送地址 (answered with where to say it)',
    at('推送地址', priv, null, all()),
    { kind: 'command', name: '推送地址' },
  ],

  // what must be read, in order
  ['bound group: the dialog is read first', at('填报', group, unitRoom), { kind: 'need', what: 'dialog' }],
  [
    'unit group: then a possible acknowledgement',
    at('收到', group, unitRoom, { dialog: false }),
    { kind: 'need', what: 'notice-ack' },
  ],
  [
    'private chat: no notice check, the pending choice',
    at('填报', priv, null, { dialog: false }),
    { kind: 'need', what: 'pending' },
  ],
  [
    'unit group, not addressed: the pending choice',
    at('2', group, unitRoom, { dialog: false, noticeAck: noAck }),
    { kind: 'need', what: 'pending' },
  ],
  [
    'shared group, pick-form pending: the person units',
    at('2', group, shared, { dialog: false, noticeAck: noAck, pending: pickForm }),
    { kind: 'need', what: 'member-units' },
  ],
  [
    'inside a dialog: no pending read, units next',
    at('12.5万', priv, null, { dialog: true }),
    { kind: 'need', what: 'member-units' },
  ],
  ['bureau 确认: the pending choice', at('确认', group, bureau, { dialog: false }), { kind: 'need', what: 'pending' }],

  // notices
  [
    '收到 acknowledges a notice, silently',
    at('收到', group, unitRoom, all({ noticeAck: { kind: 'ack', title: '通知一', recorded: 1 } })),
    { kind: 'notice-ack', title: '通知一', recorded: 1, inDialog: false },
  ],
  [
    '收到 inside a dialog: acknowledged, the dialog repeats',
    at('收到', group, unitRoom, all({ dialog: true, noticeAck: { kind: 'ack', title: '通知一', recorded: 0 } })),
    { kind: 'notice-ack', title: '通知一', recorded: 0, inDialog: true },
  ],
  ['收到 with no notice awaiting: chatter', at('收到', group, unitRoom, all()), { kind: 'ignore' }],
  [
    'a picture is never an acknowledgement',
    at('', group, unitRoom, all({ noticeAck: undefined }), { isText: false }),
    { kind: 'ignore' },
  ],
  ['bureau: 通知 …', at('通知 全部：标题', group, bureau, all()), { kind: 'bureau-command', name: '通知' }],
  ['bureau: 通知情况', at('通知情况', group, bureau, all()), { kind: 'bureau-command', name: '通知情况' }],
  [
    'bureau: 确认 a draft',
    at('确认', group, bureau, all({ pending: confirmNotice })),
    { kind: 'notice-confirm', confirmed: true, draftId: 'n1' },
  ],
  [
    'bureau: 取消 a draft',
    at('取消', group, bureau, all({ pending: confirmNotice })),
    { kind: 'notice-confirm', confirmed: false, draftId: 'n1' },
  ],
  ['bureau: 确认 with no draft is chatter', at('确认', group, bureau, all()), { kind: 'ignore' }],

  // chatter and near-misses
  ['unit group: chatter', at('今天开会', group, unitRoom, all()), { kind: 'ignore' }],
  ['unit group: a number with nothing pending', at('2', group, unitRoom, all()), { kind: 'ignore' }],
  [
    'unit group: near-miss 填表',
    at('填表', group, unitRoom, all()),
    { kind: 'near-miss', hint: '要开始填写请发送“填报”。' },
  ],
  [
    'unit group: near-miss with punctuation 上报？',
    at('上报？', group, unitRoom, all()),
    { kind: 'near-miss', hint: '要开始填写请发送“填报”。' },
  ],
  ['unit group: "上报了" is chatter', at('上报了', group, unitRoom, all()), { kind: 'ignore' }],
  [
    'unit group: 催报 is bureau-only, with the hint',
    at('催报 U1', group, unitRoom, all()),
    { kind: 'reply', text: `${BUREAU_ONLY}要查看本单位的填报进度请发送“进度”。` },
  ],
  ['unit group: 解绑 is bureau-only', at('解绑 U1', group, unitRoom, all()), { kind: 'reply', text: BUREAU_ONLY }],
  ['unit group: 登录 is bureau-only', at('登录', group, unitRoom, all()), { kind: 'reply', text: BUREAU_ONLY }],
  [
    'unit group: a picture @bot',
    at('', group, unitRoom, all(), { isText: false, mentionedBot: true }),
    { kind: 'reply', text: NOT_TEXT },
  ],
  ['private: a picture', at('', priv, null, all(), { isText: false }), { kind: 'reply', text: NOT_TEXT }],
  ['unit group: a picture, not addressed', at('', group, unitRoom, all(), { isText: false }), { kind: 'ignore' }],

  // unit commands
  [
    'unit group: 填报',
    at('填报', group, unitRoom, all()),
    { kind: 'command', name: '填报', unitCode: 'U1', argument: '' },
  ],
  [
    'unit group: 填报 2',
    at('填报 2', group, unitRoom, all()),
    { kind: 'command', name: '填报', unitCode: 'U1', argument: '2' },
  ],
  ['unit group: 进度', at('进度', group, unitRoom, all()), { kind: 'command', name: '进度', unitCode: 'U1' }],
  ['unit group: 继续', at('继续', group, unitRoom, all()), { kind: 'command', name: '继续', unitCode: 'U1' }],
  ['unit group: 已录入', at('已录入', group, unitRoom, all()), { kind: 'command', name: '已录入', unitCode: 'U1' }],
  ['unit group: 已录入。', at('已录入。', group, unitRoom, all()), { kind: 'command', name: '已录入', unitCode: 'U1' }],
  [
    'private, bound to U2: 已录入',
    at('已录入', priv, null, all({ memberUnits: ['U2'] })),
    { kind: 'command', name: '已录入', unitCode: 'U2' },
  ],
  ['unit group: 帮助', at('帮助', group, unitRoom, all()), { kind: 'command', name: '帮助' }],
  [
    'unit group: @bot anything → help',
    at('你好', group, unitRoom, all(), { mentionedBot: true }),
    { kind: 'command', name: '帮助' },
  ],
  ['unit group: 绑定 again', at('绑定 BINDU2', group, unitRoom, all()), { kind: 'command', name: '绑定' }],
  ['private: 绑定', at('绑定 BINDU1', priv, null, all()), { kind: 'command', name: '绑定' }],
  [
    'private, bound to U2: 进度',
    at('进度', priv, null, all({ memberUnits: ['U2'] })),
    { kind: 'command', name: '进度', unitCode: 'U2' },
  ],
  [
    'private, not bound: how to bind',
    at('填报', priv, null, all()),
    {
      kind: 'reply',
      text: '您还没有绑定单位。请在单位工作群或多单位群发送“绑定 绑定码”（绑定码向财政局绩效股索取）。',
    },
  ],
  [
    'shared group, not bound: how to bind here',
    at('填报', group, shared, all()),
    { kind: 'reply', text: '您还没有绑定单位。请在本群发送“绑定 绑定码”（绑定码向财政局绩效股索取）。' },
  ],
  [
    'private, two units: 填报 asks which',
    at('填报', priv, null, all({ memberUnits: ['U1', 'U2'] })),
    { kind: 'ask-unit', units: ['U1', 'U2'] },
  ],
  [
    'private, two units: 进度 is the first unit',
    at('进度', priv, null, all({ memberUnits: ['U1', 'U2'] })),
    { kind: 'command', name: '进度', unitCode: 'U1' },
  ],
  [
    'shared group, two units: 填报 is the first unit',
    at('填报', group, shared, all({ memberUnits: ['U2', 'U1'] })),
    { kind: 'command', name: '填报', unitCode: 'U2', argument: '' },
  ],

  // pending choices
  [
    'pick-form: "2" in the unit group',
    at('2', group, unitRoom, all({ pending: pickForm })),
    {
      kind: 'pending-choice',
      answer: {
        kind: 'pick-form',
        choice: pickForm as Extract<PendingChoice, { kind: 'pick-form' }>,
        pick: { index: 1 },
      },
    },
  ],
  [
    'pick-form: "9" is out of range',
    at('9', group, unitRoom, all({ pending: pickForm })),
    {
      kind: 'pending-choice',
      answer: {
        kind: 'pick-form',
        choice: pickForm as Extract<PendingChoice, { kind: 'pick-form' }>,
        pick: { outOfRange: 9 },
      },
    },
  ],
  ['pick-form: "2027" is chatter', at('2027', group, unitRoom, all({ pending: pickForm })), { kind: 'ignore' }],
  [
    'pick-form: by name 项目表',
    at('项目表', group, unitRoom, all({ pending: pickForm })),
    {
      kind: 'pending-choice',
      answer: {
        kind: 'pick-form',
        choice: pickForm as Extract<PendingChoice, { kind: 'pick-form' }>,
        pick: { index: 1 },
      },
    },
  ],
  [
    'pick-form of another unit: chatter',
    at('2', group, { kind: 'unit-room', unitCode: 'U9' }, all({ pending: pickForm })),
    { kind: 'ignore' },
  ],
  [
    'pick-form in a shared group, the person of U1',
    at('1', group, shared, all({ pending: pickForm, memberUnits: ['U1'] })),
    {
      kind: 'pending-choice',
      answer: {
        kind: 'pick-form',
        choice: pickForm as Extract<PendingChoice, { kind: 'pick-form' }>,
        pick: { index: 0 },
      },
    },
  ],
  [
    'pick-unit: "2"',
    at('2', priv, null, all({ pending: pickUnit, memberUnits: ['U1', 'U2'] })),
    { kind: 'pending-choice', answer: { kind: 'pick-unit', unitCode: 'U2' } },
  ],
  [
    'pick-unit: by name',
    at('西山', priv, null, all({ pending: pickUnit, memberUnits: ['U1', 'U2'] })),
    { kind: 'pending-choice', answer: { kind: 'pick-unit', unitCode: 'U2' } },
  ],
  [
    'takeover: 接管',
    at('接管', group, unitRoom, all({ pending: takeover })),
    { kind: 'pending-choice', answer: { kind: 'takeover', dialogId: 'd1' } },
  ],
  [
    'takeover pending: 进度 is still a command',
    at('进度', group, unitRoom, all({ pending: takeover })),
    { kind: 'command', name: '进度', unitCode: 'U1' },
  ],
  [
    'takeover: 接管 inside my own dialog still answers it',
    at('接管', group, unitRoom, all({ dialog: true, pending: takeover })),
    { kind: 'pending-choice', answer: { kind: 'takeover', dialogId: 'd1' } },
  ],
  [
    'file-keep: 保留 (not addressed to the bot otherwise) answers it',
    at('保留', group, unitRoom, all({ pending: fileKeep })),
    { kind: 'pending-choice', answer: { kind: 'file-keep', choice: fileKeep } },
  ],
  [
    'file-keep: 保留 inside my own dialog still answers it',
    at('保留', group, unitRoom, all({ dialog: true, pending: fileKeep })),
    { kind: 'pending-choice', answer: { kind: 'file-keep', choice: fileKeep } },
  ],
  [
    'file-keep pending: another word is not 保留',
    at('保留吧', group, unitRoom, all({ pending: fileKeep })),
    { kind: 'ignore' },
  ],
  [
    'file-keep pending: 填报 is still a command',
    at('填报', group, unitRoom, all({ pending: fileKeep })),
    { kind: 'command', name: '填报', unitCode: 'U1', argument: '' },
  ],
  [
    'no pending choice: 保留 inside a dialog is dialog input',
    at('保留', group, unitRoom, all({ dialog: true, pending: null })),
    { kind: 'dialog-input', unitCode: 'U1', otherwise: null },
  ],
  [
    'pick-form pending inside a dialog: "2" is dialog input',
    at('2', group, unitRoom, all({ dialog: true, pending: pickForm })),
    { kind: 'dialog-input', unitCode: 'U1', otherwise: null },
  ],

  // the open dialog
  [
    'dialog: an answer',
    at('12.5万', group, unitRoom, all({ dialog: true })),
    { kind: 'dialog-input', unitCode: 'U1', otherwise: null },
  ],
  [
    'dialog: 填报 falls back to 填报 if the dialog ended',
    at('填报', group, unitRoom, all({ dialog: true })),
    {
      kind: 'dialog-input',
      unitCode: 'U1',
      otherwise: { kind: 'command', name: '填报', unitCode: 'U1', argument: '' },
    },
  ],
  [
    'dialog: @bot 上一步 falls back to help',
    at('上一步', group, unitRoom, all({ dialog: true }), { mentionedBot: true }),
    { kind: 'dialog-input', unitCode: 'U1', otherwise: { kind: 'command', name: '帮助' } },
  ],
  [
    'dialog in a private chat: units first',
    at('提交', priv, null, all({ dialog: true, memberUnits: ['U3'] })),
    { kind: 'dialog-input', unitCode: 'U3', otherwise: { kind: 'command', name: '帮助' } },
  ],
  [
    'dialog, private, two units: 填报 asks which unit',
    at('填报', priv, null, all({ dialog: true, memberUnits: ['U1', 'U2'] })),
    { kind: 'ask-unit', units: ['U1', 'U2'] },
  ],

  // the bureau group
  ['bureau: 进度', at('进度', group, bureau, all()), { kind: 'bureau-command', name: '进度' }],
  ['bureau: 催报 东山镇', at('催报 东山镇', group, bureau, all()), { kind: 'bureau-command', name: '催报' }],
  ['bureau: 解绑 U1', at('解绑 U1', group, bureau, all()), { kind: 'bureau-command', name: '解绑' }],
  ['bureau: 已录入 U1', at('已录入 U1', group, bureau, all()), { kind: 'bureau-command', name: '已录入' }],
  ['bureau: 帮助', at('帮助', group, bureau, all()), { kind: 'bureau-command', name: '帮助' }],
  ['bureau: 登录 (the console link)', at('登录', group, bureau, all()), { kind: 'bureau-command', name: '登录' }],
  [
    'bureau: @bot anything → help',
    at('在吗', group, bureau, all(), { mentionedBot: true }),
    { kind: 'bureau-command', name: '帮助' },
  ],
  ['bureau: 填报 without @ → nothing', at('填报', group, bureau, all()), { kind: 'ignore' }],
  ['bureau: near-miss words are chatter there', at('填表', group, bureau, all()), { kind: 'ignore' }],
  [
    'bureau: no notice check, 收到 is chatter',
    at('收到', group, bureau, { dialog: false, pending: null }),
    { kind: 'ignore' },
  ],
]

describe('decide: turn situation → what the chat core does', () => {
  it.each(rows)('%s', (_name, situation, expected) => {
    expect(decide(situation)).toEqual(expected)
  })

  it('asks only for what it has not been given, each at most once, and ends in a decision', () => {
    const given: Record<string, Partial<Situation>> = {
      dialog: { dialog: true },
      'notice-ack': { noticeAck: noAck },
      pending: { pending: null },
      'member-units': { memberUnits: ['U1'] },
    }
    for (const [, start] of rows) {
      let s: Situation = { msg: start.msg, binding: start.binding }
      const asked: string[] = []
      for (let d = decide(s); d.kind === 'need'; d = decide(s)) {
        expect(asked).not.toContain(d.what)
        asked.push(d.what)
        s = { ...s, ...given[d.what] }
      }
    }
  })
})

describe('decide: files', () => {
  const file = (name: string) => ({ name, ref: { channel: 'wechat' as const, messageId: 'm1' } })
  const sent = (name: string, mentionedBot = false): Partial<Situation['msg']> => ({
    isText: false,
    mentionedBot,
    file: file(name),
  })
  const cases: [string, Situation, Decision][] = [
    [
      'an .xlsx in a unit group, no @ (WeChat cannot add one)',
      at('', group, unitRoom, {}, sent('表.XLSX')),
      { kind: 'file', unitCode: 'U1' },
    ],
    ['a PDF in a unit group, no @: not for the bot', at('', group, unitRoom, {}, sent('纪要.pdf')), { kind: 'ignore' }],
    [
      'a PDF @ the robot in a unit group: handled (gets the hint)',
      at('', group, unitRoom, {}, sent('纪要.pdf', true)),
      { kind: 'file', unitCode: 'U1' },
    ],
    [
      'a nameless file in a private chat, the person bound',
      at('', priv, null, { memberUnits: ['U2'] }, sent('', true)),
      { kind: 'file', unitCode: 'U2' },
    ],
    [
      'in a private chat the person’s units are read first',
      at('', priv, null, {}, sent('表.xlsx', true)),
      { kind: 'need', what: 'member-units' },
    ],
    ['an .xlsx in an unbound group, no @: ignored', at('', group, null, {}, sent('表.xlsx')), { kind: 'ignore' }],
    ['an .xlsx in the bureau group: not the chat’s', at('', group, bureau, {}, sent('表.xlsx')), { kind: 'ignore' }],
    [
      'an .xlsx in a shared group: the sender’s unit',
      at('', group, shared, { memberUnits: ['U3'] }, sent('表.xlsx')),
      { kind: 'file', unitCode: 'U3' },
    ],
  ]
  it.each(cases)('%s', (_label, s, expected) => {
    expect(decide(s)).toEqual(expected)
  })

  it('an addressed file in an unbound group is told to bind first', () => {
    expect(decide(at('', group, null, {}, sent('表.xlsx', true)))).toMatchObject({
      kind: 'reply',
      text: expect.stringContaining('绑定'),
    })
  })
})
