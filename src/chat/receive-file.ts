import type { ChatDeps, ChatTurn } from './chat-deps.js'
import { FileFetchError, fileErrorText, isXlsxName, looksLikeZip } from './inbound-file.js'
import { FILLABLE } from './task-list.js'

export const ONLY_XLSX = '只能识别 .xlsx 表格，请用 Excel 另存为 .xlsx 后重新发送。'
export const NO_ROUND = '本单位当前没有进行中的填报任务，文件未处理。'

/**
 * A file sent for a unit: checked by name (.xlsx only) and the unit's open round before anything is
 * downloaded, fetched through the ChatFiles port (capped; a failed download is answered with a hint, so
 * the platform's retry of the same message is not handled again: the journal keeps it done), then
 * handed to the FileFiling port, whose replies are the answer. A file without a name (WeCom gives none)
 * is checked by its first bytes instead.
 */
export async function receiveFile(d: ChatDeps, t: ChatTurn, unitCode: string): Promise<string[]> {
  const file = t.msg.file
  if (!file) return []
  if (file.name && !isXlsxName(file.name)) return [ONLY_XLSX]
  const tasks = await d.tasks.forUnit(unitCode)
  if (tasks.length === 0) return [NO_ROUND]
  const open = tasks.find((k) => FILLABLE.includes(k.status)) ?? tasks[0]
  let data: Buffer
  try {
    data = await d.files.fetch(file)
  } catch (err) {
    if (!(err instanceof FileFetchError)) throw err
    d.logger.warn({ err, messageId: t.msg.id, channel: file.ref.channel }, 'received file not fetched')
    return [fileErrorText(err.reason, d.files.maxBytes)]
  }
  if (!file.name && !looksLikeZip(data)) return [ONLY_XLSX]
  const name = file.name || `${unitCode}.xlsx`
  const ctx = { unitCode, roundId: open.roundId, who: t.person, place: t.place, messageId: t.msg.id }
  return d.filing.fileReceived(ctx, { name, data })
}
