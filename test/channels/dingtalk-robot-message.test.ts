import { describe, it, expect } from '@jest/globals'
import { robotMessage, toInbound } from '../../src/channels/dingtalk/robot-message.js'

const base = {
  msgId: 'msgA1',
  senderStaffId: '0123',
  senderNick: '李会计',
  chatbotUserId: '$:LWCP_v1:$robot',
  robotCode: 'dingabc',
}

/** DingTalk robot callbacks (their data) → the chat core's inbound message. */
describe('a DingTalk robot message as an inbound message', () => {
  it('a group @message: the group by its openConversationId and title, the text without the @, other @s kept', () => {
    const m = robotMessage.parse({
      ...base,
      conversationId: 'cid6Kk==',
      conversationType: '2',
      conversationTitle: '东山镇工作群',
      isInAtList: true,
      atUsers: [{ dingtalkId: '$:LWCP_v1:$robot' }, { dingtalkId: '$:x', staffId: '0456' }],
      msgtype: 'text',
      text: { content: ' 填报 2' },
    })
    expect(toInbound('dingtalk:dingabc', m)).toEqual({
      id: 'msgA1',
      account: 'dingtalk:dingabc',
      who: { id: '0123', name: '李会计' },
      where: { kind: 'group', id: 'cid6Kk==', topic: '东山镇工作群' },
      text: '填报 2',
      mentionedBot: true,
      mentions: ['0456'],
      isText: true,
    })
  })

  it('a 1:1 message: private, addressed to the bot; a leading @name is dropped', () => {
    const m = robotMessage.parse({
      ...base,
      conversationId: 'cidp2p',
      conversationType: '1',
      msgtype: 'text',
      text: { content: '@填报助手 进度' },
    })
    expect(toInbound('dingtalk:dingabc', m)).toMatchObject({
      where: { kind: 'private' },
      text: '进度',
      mentionedBot: true,
    })
  })

  it('a file: not text, its name kept', () => {
    const m = robotMessage.parse({
      ...base,
      conversationId: 'cid6Kk==',
      conversationType: '2',
      conversationTitle: '东山镇工作群',
      msgtype: 'file',
      content: { downloadCode: 'DC1', fileName: '监控表.xlsx' },
    })
    expect(toInbound('dingtalk:dingabc', m)).toMatchObject({ text: '', isText: false, file: { name: '监控表.xlsx' } })
  })
})
