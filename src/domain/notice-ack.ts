/**
 * Whether a chat line acknowledges a notice, pure. A reply counts when it starts with the keyword and
 * is short ("收到", "收到！", "已收到，谢谢"), or when it quotes the notice. Puppets that support quotes
 * render them as text (padlocal, wechat4u):
 *   「填报助手：【通知】关于报送2027年1-6月绩效运行监控表的通知…」
 *   - - - - - - - - - - - - - - -
 *   好的
 * so a quote is recognised by that block naming the notice's title.
 */
const SHORT_EXTRA = 8
const QUOTE = /^「([\s\S]*?)」\s*\n\s*(?:-\s*){3,}\n?([\s\S]*)$/

export type AckVia = 'keyword' | 'quote'

export function acknowledgementOf(text: string, keyword: string, title: string): AckVia | null {
  const quote = QUOTE.exec(text.trim())
  // a quote of some other message answers that message, whatever the reply says
  if (quote) return title && quote[1].includes(title) ? 'quote' : null
  return isKeywordReply(text, keyword) ? 'keyword' : null
}

function isKeywordReply(text: string, keyword: string): boolean {
  const t = text.replace(/[\s\u2005]/g, '')
  if (!keyword) return false
  const rest = t.startsWith(keyword)
    ? t.slice(keyword.length)
    : t.startsWith(`已${keyword}`)
      ? t.slice(keyword.length + 1)
      : null
  return rest !== null && rest.length <= SHORT_EXTRA
}
