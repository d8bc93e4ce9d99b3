import { describe, expect, it } from '@jest/globals'
import { acknowledgementOf } from '../../src/domain/notice-ack.js'

const TITLE = '关于报送2027年1-6月绩效运行监控表的通知'
const quote = (quoted: string, reply: string) => `「填报助手：${quoted}」\n- - - - - - - - - - - - - - -\n${reply}`

describe('acknowledgementOf: which chat lines acknowledge a notice', () => {
  it.each([
    ['收到', 'keyword'],
    ['收到！', 'keyword'],
    [' 收到，谢谢 ', 'keyword'],
    ['已收到', 'keyword'],
    ['收到了，马上安排', 'keyword'],
    [quote(`【通知】${TITLE}`, '好的'), 'quote'],
    [quote('别的消息', '收到'), null],
    ['好的', null],
    ['没收到通知的单位请联系我们', null],
    ['收到的文件里第三项的口径是什么？能否再解释一下', null],
    [quote('别的消息', '好的'), null],
  ])('%j → %s', (text, expected) => {
    expect(acknowledgementOf(text, '收到', TITLE)).toBe(expected)
  })

  it("uses the notice's own keyword", () => {
    expect(acknowledgementOf('已阅', '已阅', TITLE)).toBe('keyword')
    expect(acknowledgementOf('收到', '已阅', TITLE)).toBeNull()
  })
})
