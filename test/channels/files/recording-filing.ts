import { createHash } from 'node:crypto'
import { ChatCore } from '../../../src/chat/chat-core.js'
import type { FileContext, FileFiling } from '../../../src/chat/ports.js'

/** One file as the chat core handed it to FileFiling. */
export interface FiledFile {
  ctx: FileContext
  name: string
  sha256: string
  size: number
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** A FileFiling that notes what it was handed and answers "已收到《name》". */
export function recordingFiling(): FileFiling & { filed: FiledFile[] } {
  const filed: FiledFile[] = []
  return {
    filed,
    fileReceived(ctx, file) {
      filed.push({ ctx, name: file.name, sha256: sha256(file.data), size: file.data.length })
      return Promise.resolve([`已收到《${file.name}》`])
    },
    keepValid: () => Promise.resolve([]),
  }
}

/** The container's chat core with another FileFiling (the rest shared). */
export function coreFiling(core: ChatCore, filing: FileFiling): ChatCore {
  return new ChatCore({ ...core.deps, filing })
}

/** An XLSX-like file (a ZIP's first bytes, then random) of n bytes. */
export function fakeXlsx(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 17) & 0xff
  b.set([0x50, 0x4b, 0x03, 0x04], 0)
  return b
}
