import type { Attachment } from '../../domain/outbox-message.js'

/**
 * WeCom's temporary media upload, the same for the group robot (`cgi-bin/webhook/upload_media?key=…&type=file`)
 * and the self-built app (`cgi-bin/media/upload?access_token=…&type=file`): multipart/form-data with the
 * file under the name `media`; the filename given is the one the chat shows. Answers
 * `{ errcode: 0, type: 'file', media_id, created_at }`; the media_id lives three days. The errcode is
 * returned as well so the app can fetch a new token when it is the token that was refused.
 */
export async function uploadMediaReply(
  url: string,
  file: Attachment,
  timeoutMs = 15_000,
): Promise<{ errcode?: number; errmsg?: string; media_id?: string }> {
  const form = new FormData()
  const bytes = Buffer.from(file.content, 'base64')
  form.append('media', new Blob([bytes], { type: file.contentType || 'application/octet-stream' }), file.filename)
  const res = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) })
  if (!res.ok) throw new Error(`wecom media upload answered HTTP ${res.status}`)
  return (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string; media_id?: string }
}

/** The media_id of an uploaded file; a refusal (non-zero errcode) throws, for the outbox to retry. */
export async function uploadMedia(url: string, file: Attachment, timeoutMs?: number): Promise<string> {
  const r = await uploadMediaReply(url, file, timeoutMs)
  if (r.errcode !== 0 || !r.media_id)
    throw new Error(`wecom media upload refused: ${r.errcode ?? '?'} ${r.errmsg ?? ''}`.trim())
  return r.media_id
}
