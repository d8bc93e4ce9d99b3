export type { FileRef, InboundFile } from '../domain/file-ref.js'

/** Why the bytes of a file could not be had: each is answered with a short hint (fileErrorText). */
export type FileFetchFailure = 'too-big' | 'expired' | 'failed'

/** A channel's download of a received file failed in a way the sender can act on (send it again, smaller). */
export class FileFetchError extends Error {
  constructor(
    readonly reason: FileFetchFailure,
    detail: string,
  ) {
    super(`file not fetched (${reason}): ${detail}`)
    this.name = 'FileFetchError'
  }
}

/** The hint for a file that could not be fetched; maxBytes names the cap for one too big. */
export function fileErrorText(reason: FileFetchFailure, maxBytes: number): string {
  if (reason === 'too-big')
    return `文件太大（超过 ${Math.floor(maxBytes / 1024 / 1024) || 1} MB），请删去多余的工作表后重新发送。`
  if (reason === 'expired') return '文件已过期，请重新发送。'
  return '文件下载失败，请重新发送。'
}

/** "2027年一季度.XLSX" → true: the only files the chat reads are .xlsx tables. */
export function isXlsxName(name: string): boolean {
  return /\.xlsx$/i.test(name.trim())
}

/** An XLSX is a ZIP: for a file whose name the platform did not give (WeCom), its first bytes tell. */
export function looksLikeZip(data: Buffer): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04
}
