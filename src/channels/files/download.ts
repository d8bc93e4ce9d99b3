import { FileFetchError } from '../../chat/inbound-file.js'

/** How long one file download may take before it counts as failed. */
const TIMEOUT_MS = 30_000

/**
 * GET a platform's file address, reading at most maxBytes: a Content-Length above it, or a body that
 * grows past it, is 'too-big' (the rest is not read); 403/404/410 (a temporary address that lapsed) is
 * 'expired'; any other status or a network failure is 'failed'.
 */
export async function download(url: string, maxBytes: number): Promise<Buffer> {
  let res: Response
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
  } catch (err) {
    throw new FileFetchError('failed', (err as Error).message)
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined)
    throw new FileFetchError([403, 404, 410].includes(res.status) ? 'expired' : 'failed', `HTTP ${res.status}`)
  }
  const announced = Number(res.headers.get('content-length') ?? NaN)
  if (announced > maxBytes) {
    await res.body?.cancel().catch(() => undefined)
    throw new FileFetchError('too-big', `${announced} bytes announced`)
  }
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of res.body ?? []) {
      size += (chunk as Uint8Array).length
      if (size > maxBytes) throw new FileFetchError('too-big', `more than ${maxBytes} bytes`)
      chunks.push(Buffer.from(chunk as Uint8Array))
    }
  } catch (err) {
    await res.body?.cancel().catch(() => undefined)
    if (err instanceof FileFetchError) throw err
    throw new FileFetchError('failed', (err as Error).message)
  }
  return Buffer.concat(chunks)
}
