import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { createInterface } from 'node:readline'

/** `/file 表.xlsx` typed in the simulator: the path of a file to send (undefined: a line to say). */
export function fileLine(line: string): string | undefined {
  const m = /^\/file\s+(.+)$/.exec(line.trim())
  return m ? m[1].trim() : undefined
}

/** What a simulated chat does with the lines typed into it (WeChat on the mock puppet, or an official channel). */
export interface TypedChat {
  /** who types: the name the transcript shows */
  as: string
  say(line: string): Promise<void>
  sendFile(name: string, data: Buffer): Promise<void>
  /** prints what the bot sent since the last call; never two at once (the caller chains them) */
  flush(): Promise<void>
}

/**
 * The simulator's input loop, the same on every channel: `firstFile` (--send-file) sent first, then each
 * typed line said — or, as `/file path`, that file sent — with what arrived printed before and after it,
 * and every `everyMs` in between (a reminder or notice queued meanwhile shows without a typed line).
 * A piped transcript echoes its lines, so the output reads as a conversation. Ends at EOF.
 */
export async function runTypedLines(chat: TypedChat, everyMs: number, firstFile?: string): Promise<void> {
  const sendFile = async (path: string) => {
    console.log(`${chat.as}> [文件] ${basename(path)}`)
    await chat.sendFile(basename(path), await readFile(path))
    await chat.flush()
  }
  const watcher = setInterval(() => void chat.flush(), everyMs)
  try {
    if (firstFile) await sendFile(firstFile)
    const lines = createInterface({ input: process.stdin, terminal: process.stdin.isTTY })
    for await (const line of lines) {
      if (!line.trim()) continue
      await chat.flush()
      const file = fileLine(line)
      if (file !== undefined) {
        if (existsSync(file)) await sendFile(file)
        else console.log(`（没有文件 ${file}）`)
        continue
      }
      if (!process.stdin.isTTY) console.log(`${chat.as}> ${line}`)
      await chat.say(line)
      await chat.flush()
    }
  } finally {
    clearInterval(watcher)
  }
}
