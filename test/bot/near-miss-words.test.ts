import { describe, it, expect } from '@jest/globals'
import { useBotWorld } from '../support/bot-world.js'

/** "填表", "上报", "报表"… said to the bot get a one-line hint naming the right command, not silence. */
describe('bot: near-miss command words', () => {
  // each test uses a unit and rooms of its own
  const world = useBotWorld('bot_near_miss', ['U1', 'U2', 'U3'])

  it('in a bound unit group, a near-miss word said alone gets a one-line hint naming the command', async () => {
    const { h } = world
    const {
      staff: [clerk],
      room,
    } = await h.groupBound('U1', '测试县第1局财务群')
    const cases: [string, string][] = [
      ['填表', '“填报”'],
      ['上报', '“填报”'],
      ['报表', '“填报”'],
      ['填写', '“填报”'],
      ['报送', '“填报”'],
      ['填表？', '“填报”'], // trailing punctuation aside
      ['进展', '“进度”'],
      ['接着填', '“继续”'],
      ['菜单', '“帮助”'],
      ['接手', '“接管”'],
    ]
    for (const [said, command] of cases) {
      const replies = await h.say(clerk, said, room)
      expect({ said, replies: replies.length }).toEqual({ said, replies: 1 })
      expect({ said, reply: replies[0] }).toEqual({ said, reply: expect.stringContaining(`请发送${command}`) })
      expect(replies[0]).not.toContain('\n') // one line
    }
    expect((await h.say(clerk, '填表', room)).join()).toMatch(/^@.+\s要开始填写请发送“填报”。$/) // @mentions the clerk
    // with an @mention too, instead of the general help
    expect((await h.say(clerk, '填表', room, true)).join()).toContain('要开始填写请发送“填报”。')
  })

  it('催报 from unit staff says it is the bureau’s and points to 进度', async () => {
    const { h } = world
    const {
      staff: [clerk],
      room,
    } = await h.groupBound('U2', '测试县第2局财务群')
    const reply = (await h.say(clerk, '催报', room)).join('\n')
    expect(reply).toContain('仅限财政局')
    expect(reply).toContain('请发送“进度”')
  })

  it('chatter that merely contains such a word stays unanswered, and an open dialog takes the word as input', async () => {
    const { h } = world
    const {
      staff: [clerk, colleague],
      room,
    } = await h.groupBound('U3', '测试县第3局财务群', 2)
    const chatter = await h.sayAll([
      { who: colleague, text: '我们什么时候填表', room },
      { who: colleague, text: '上报了吗', room },
      { who: colleague, text: '报表发群里了', room },
      { who: colleague, text: '明天再填写吧', room },
    ])
    expect(chatter).toEqual([])
    // inside a form the word is an answer to the current question, not a command hint
    await h.say(clerk, '填报', room)
    const inDialog = (await h.say(clerk, '填表', room)).join('\n')
    expect(inDialog).not.toContain('请发送“填报”')
  })

  it('in a private chat with a bound member, 填表 gets the same hint', async () => {
    const { h } = world
    const [clerk] = h.mocker.createContacts(1)
    const shared = h.mocker.createRoom({ topic: '部门绩效工作群', memberIdList: [h.botUser.id, clerk.id] })
    await h.say(clerk, '绑定 共享群', shared)
    await h.say(clerk, '绑定 BINDU3', shared)
    await h.requestFriend(clerk, '你好')
    expect(await h.say(clerk, '填表')).toEqual(['要开始填写请发送“填报”。'])
    expect(await h.say(clerk, '进展')).toEqual(['要查看本单位的填报进度请发送“进度”。'])
  })
})
