import { FileFetchError } from '../../chat/inbound-file.js'
import { download } from '../files/download.js'
import type { FileFetcher } from '../files/channel-files.js'
import { DingTalkApiError, type DingTalkApi } from './dingtalk-api.js'

/**
 * A file the robot received: `robot/messageFiles/download` (downloadCode, robotCode) gives a temporary
 * downloadUrl, which is then read (capped). DingTalk refusing the code (a 4xx: unknown or lapsed) is
 * 'expired'; anything else that fails is 'failed'.
 */
export function dingtalkFiles(api: DingTalkApi): FileFetcher {
  return async (ref, maxBytes) => {
    if (ref.channel !== 'dingtalk') throw new FileFetchError('failed', `not a DingTalk file: ${ref.channel}`)
    let url: string
    try {
      url = await api.fileUrl(ref.downloadCode)
    } catch (err) {
      const lapsed = err instanceof DingTalkApiError && err.status >= 400 && err.status < 500
      throw new FileFetchError(lapsed ? 'expired' : 'failed', (err as Error).message)
    }
    return download(url, maxBytes)
  }
}
