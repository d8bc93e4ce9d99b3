import { createDecipheriv } from 'node:crypto'
import { FileFetchError } from '../../chat/inbound-file.js'
import { download } from '../files/download.js'
import type { FileFetcher } from '../files/channel-files.js'

/** AES-256-CBC pads to a multiple of 32 bytes: the encrypted file is at most this much longer than the file. */
const PAD = 32

/**
 * A file sent to the 智能机器人: its `url` (valid about five minutes) serves the file encrypted with
 * AES-256-CBC, the key the EncodingAESKey base64-decoded (or the callback's own aeskey where it gives
 * one), the IV the key's first 16 bytes, PKCS#7 padding to a multiple of 32 bytes — the scheme of the
 * callback's messages (https://developer.work.weixin.qq.com/document/path/100719, /101033), without
 * their random/length/receiveId framing. A body that does not decrypt is 'failed'.
 */
export function wecomFiles(encodingAESKey: string): FileFetcher {
  return async (ref, maxBytes) => {
    if (ref.channel !== 'wecom') throw new FileFetchError('failed', `not a WeCom file: ${ref.channel}`)
    const sealed = await download(ref.url, maxBytes + PAD)
    return decryptFile(sealed, ref.aesKey ?? encodingAESKey)
  }
}

export function decryptFile(sealed: Buffer, encodingAESKey: string): Buffer {
  const key = Buffer.from(encodingAESKey.length === 43 ? `${encodingAESKey}=` : encodingAESKey, 'base64')
  if (key.length !== 32) throw new FileFetchError('failed', 'the file key is not 32 bytes')
  let plain: Buffer
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
    decipher.setAutoPadding(false)
    plain = Buffer.concat([decipher.update(sealed), decipher.final()])
  } catch (err) {
    throw new FileFetchError('failed', `not decrypted: ${(err as Error).message}`)
  }
  const pad = plain.length ? plain[plain.length - 1] : 0
  if (pad < 1 || pad > PAD || pad > plain.length) throw new FileFetchError('failed', 'bad padding')
  return plain.subarray(0, plain.length - pad)
}
