/** Commands of the bureau's own group that a unit must not use. */
export const BUREAU_COMMANDS = ['解绑', '催报', '登录']

/** `推送地址 <address>`: a WeCom group's group-robot webhook (src/chat/set-push-address.ts). */
export const PUSH_ADDRESS = '推送地址'

/** Words that address the bot when they start a message, even without an @mention. */
export const COMMANDS = new Set([
  '填报',
  '进度',
  '帮助',
  '绑定',
  '继续',
  '接管',
  '模板',
  '已录入',
  PUSH_ADDRESS,
  ...BUREAU_COMMANDS,
])

/**
 * Words clerks say when they mean a unit command; said as the whole first word of a message (trailing
 * punctuation aside) they get a one-line hint naming the command, instead of silence. "上报了" or
 * "我们什么时候填表" are chatter and stay unanswered. 催报 is a bureau command: a unit hears where to look.
 */
export const NEAR_MISSES: Readonly<Record<string, string>> = {
  填表: '填报',
  上报: '填报',
  报表: '填报',
  填写: '填报',
  报送: '填报',
  申报: '填报',
  我要填报: '填报',
  开始填报: '填报',
  进展: '进度',
  查进度: '进度',
  截止时间: '进度',
  催报: '进度',
  继续填: '继续',
  接着填: '继续',
  恢复: '继续',
  菜单: '帮助',
  说明: '帮助',
  怎么用: '帮助',
  命令: '帮助',
  接手: '接管',
  下载模板: '模板',
  要模板: '模板',
  空表: '模板',
  表格模板: '模板',
  已录: '已录入',
  录入完成: '已录入',
  已经录入: '已录入',
  平台已录入: '已录入',
}

const NEAR_MISS_HINTS: Readonly<Record<string, string>> = {
  填报: '要开始填写请发送“填报”。',
  进度: '要查看本单位的填报进度请发送“进度”。',
  继续: '要继续暂停的填报请发送“继续”。',
  帮助: '要查看可用的命令请发送“帮助”。',
  接管: '要接着同事的填报继续填写请发送“接管”。',
  模板: '要获取本单位的 Excel 填报模板请发送“模板”。',
  已录入: '如已在预算管理一体化平台录入本轮数据，请发送“已录入”。',
}

/** `已录入。` / `已录入！` are 已录入: said as a report, it often ends with punctuation. */
export function commandWord(keyword: string): string {
  const bare = keyword.replace(/[。.!！]+$/, '')
  return bare === '已录入' ? bare : keyword
}

/** The hint for a near-miss keyword ("填表", "上报？"), or undefined. */
export function nearMissHint(keyword: string): string | undefined {
  const command = NEAR_MISSES[keyword.replace(/[。.!！?？~～]+$/, '')]
  return command === undefined ? undefined : NEAR_MISS_HINTS[command]
}
