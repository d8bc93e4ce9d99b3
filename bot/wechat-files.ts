import type { Wechaty } from 'wechaty'
import { FileFetchError } from '../src/chat/inbound-file.js'
import type { FileFetcher } from '../src/channels/files/channel-files.js'

/**
 * A file someone sent the WeChat bot, fetched from the puppet by its message id when the chat core asks
 * (`puppet.messageFile` → FileBox → bytes). The journal keeps only the id, never the FileBox (it can be
 * a stream or hold the bytes): the puppet keeps the messages of its session, so a message it no longer
 * knows (the process restarted) is 'expired' and the sender is asked to send the file again.
 * A box that says it is bigger than the cap is refused before it is read.
 */
export function wechatFiles(bot: Wechaty): FileFetcher {
  return async (ref, maxBytes) => {
    if (ref.channel !== 'wechat') throw new FileFetchError('failed', `not a WeChat file: ${ref.channel}`)
    let box: Awaited<ReturnType<Wechaty['puppet']['messageFile']>>
    try {
      box = await bot.puppet.messageFile(ref.messageId)
    } catch (err) {
      throw new FileFetchError('expired', (err as Error).message)
    }
    if (box.size > maxBytes) throw new FileFetchError('too-big', `${box.size} bytes`)
    try {
      return await box.toBuffer()
    } catch (err) {
      throw new FileFetchError('failed', (err as Error).message)
    }
  }
}
