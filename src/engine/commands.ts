/**
 * Commands accepted at any question. A reply is a command only when it is exactly one of these
 * (punctuation aside), so an answer such as "查看了现场" is never mistaken for 查看.
 */
export type Command =
  | { kind: 'back' }
  | { kind: 'skip' }
  | { kind: 'cancel' }
  | { kind: 'view'; project?: number }
  | { kind: 'help' }
  | { kind: 'submit' }
  | { kind: 'edit'; target: string }
  /** the group's own words (填报, 进度…) said inside a form: where the clerk is, then the question again */
  | { kind: 'where' }

const WORDS = new Map<string, Command['kind']>(
  Object.entries({
    上一步: 'back',
    上一题: 'back',
    返回: 'back',
    后退: 'back',
    跳过: 'skip',
    略过: 'skip',
    取消: 'cancel',
    退出: 'cancel',
    不填了: 'cancel',
    查看: 'view',
    汇总: 'view',
    预览: 'view',
    帮助: 'help',
    help: 'help',
    '?': 'help',
    提交: 'submit',
    填报: 'where',
    填表: 'where',
    上报: 'where',
    进度: 'where',
    继续填报: 'where',
  } satisfies Record<string, Command['kind']>),
)

export function parseCommand(text: string): Command | null {
  const s = text
    .normalize('NFKC')
    .trim()
    .replace(/[。.!！]+$/, '')
  const word = WORDS.get(s.toLowerCase())
  if (word) return { kind: word } as Command
  const view = /^查看\s*(?:项目)?\s*第?\s*(\d+)\s*(?:个项目)?$/.exec(s)
  if (view) return { kind: 'view', project: Number(view[1]) }
  // "修改 3", "改3", "修改第3项", "修改 财政拨款" — but not an answer like "改进管理方式"
  const m = /^(?:修改|改)\s*第?\s*(\d+)\s*[项题]?$/.exec(s) ?? /^修改\s+(\S.*)$/.exec(s)
  if (m) return { kind: 'edit', target: m[1].trim() }
  return null
}
