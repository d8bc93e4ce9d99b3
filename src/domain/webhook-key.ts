/**
 * A WeCom group robot's webhook key, as the bureau or a unit pastes it: the whole address the robot's
 * settings show (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-…`) or the key
 * alone. WeCom's keys are 36 characters in the UUID layout (8-4-4-4-12); anything else is refused, so
 * a typo is caught when it is set and not at the first reminder.
 */
const KEY_SHAPE = /^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$/
const WEBHOOK_HOST = 'qyapi.weixin.qq.com'
const WEBHOOK_PATH = '/cgi-bin/webhook/send'

/** The key in `input` (an address or a bare key), or null when it is neither. */
export function parseWebhookKey(input: string): string | null {
  const s = input.trim()
  if (KEY_SHAPE.test(s)) return s
  let url: URL
  try {
    url = new URL(s)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' || url.hostname !== WEBHOOK_HOST || url.pathname !== WEBHOOK_PATH) return null
  const key = url.searchParams.get('key') ?? ''
  return KEY_SHAPE.test(key) ? key : null
}

/** What may be shown of a key: its first and last 4 characters ("693a…5aaa"), enough to tell two robots apart. */
export function maskWebhookKey(key: string | undefined): string | undefined {
  if (!key) return undefined
  return `${key.slice(0, 4)}…${key.slice(-4)}`
}

/**
 * The text with any webhook key in it masked, or undefined when it holds none: what the inbound journal
 * keeps of a `推送地址 <address>` message once it has been handled.
 */
export function withoutWebhookKeys(text: string): string | undefined {
  const masked = text.replace(
    /[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}/g,
    (k) => maskWebhookKey(k) ?? '',
  )
  return masked === text ? undefined : masked
}
