import { FileFetchError, type FileRef, type InboundFile } from '../../chat/inbound-file.js'
import type { ChatFiles } from '../../chat/ports.js'

/** One channel's download of a received file: the bytes, at most maxBytes (else FileFetchError 'too-big'). */
export type FileFetcher = (ref: FileRef, maxBytes: number) => Promise<Buffer>

/** Which fetcher serves a reference: a DingTalk file is downloaded by the robot that received it. */
export function fetcherKey(ref: FileRef): string {
  return ref.channel === 'dingtalk' ? `dingtalk:${ref.robotCode}` : ref.channel
}

/**
 * The chat core's ChatFiles: each channel adapter registers its download when it starts (the key of
 * fetcherKey), and a file is fetched by the one its reference names. A size the platform announced
 * above the cap is refused before any download; the fetchers stop reading at the cap.
 */
export class ChannelFiles implements ChatFiles {
  private readonly fetchers = new Map<string, FileFetcher>()

  constructor(readonly maxBytes: number) {}

  register(key: string, fetcher: FileFetcher): void {
    this.fetchers.set(key, fetcher)
  }

  async fetch(file: InboundFile): Promise<Buffer> {
    if (file.size !== undefined && file.size > this.maxBytes)
      throw new FileFetchError('too-big', `${file.size} bytes announced`)
    const fetcher = this.fetchers.get(fetcherKey(file.ref))
    // the channel that received it is not running in this process (a restart without it): not fetchable now
    if (!fetcher) throw new FileFetchError('failed', `no download for ${fetcherKey(file.ref)}`)
    let data: Buffer
    try {
      data = await fetcher(file.ref, this.maxBytes)
    } catch (err) {
      // whatever a platform's client throws, the sender is asked to send the file again
      if (err instanceof FileFetchError) throw err
      throw new FileFetchError('failed', (err as Error).message ?? String(err))
    }
    if (data.length > this.maxBytes) throw new FileFetchError('too-big', `${data.length} bytes`)
    return data
  }
}
