/**
 * "Entered in the platform" (已录入): the unit's figures for the round have been typed into the
 * provincial 预算管理一体化 platform's 绩效运行监控 module too. tianbao only records that it happened and
 * who said so; the platform itself is not reached. Three ways set it:
 *  - 'chat': the unit says `已录入` in its group or private chat (only once its forms are submitted);
 *  - 'bureau': the bureau marks it (`已录入 <单位>` in the bureau group, or the admin API);
 *  - 'import': a platform status export read by the bureau (markEntered with many codes).
 * The first mark stands: marking again changes nothing (the bureau can clear it and mark anew).
 */
export const PLATFORM_ENTRY_SOURCES = ['chat', 'bureau', 'import'] as const
export type PlatformEntrySource = (typeof PLATFORM_ENTRY_SOURCES)[number]

export interface PlatformEntry {
  at: Date
  /** who reported or marked it: a chat member's name, an admin token's name, the import's label */
  by: string
  source: PlatformEntrySource
}

/** How exports name the source (平台录入 column). */
export const PLATFORM_ENTRY_SOURCE_LABELS: Record<PlatformEntrySource, string> = {
  chat: '单位报告',
  bureau: '财政局登记',
  import: '平台状态导入',
}

/** An export's 平台录入 cell: "<time> / <source>", or 未录入. `time` writes the instant as the export does. */
export function platformEntryCell(entry: PlatformEntry | undefined, time: (at: Date) => string): string {
  return entry ? `${time(entry.at)} / ${PLATFORM_ENTRY_SOURCE_LABELS[entry.source]}` : '未录入'
}
