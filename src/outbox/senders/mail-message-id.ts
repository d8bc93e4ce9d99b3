import { createHash } from 'node:crypto'

/**
 * The Message-ID of the mail for an outbox send, derived from its idempotency keys (sorted, so a merged
 * send gets the same id whichever order its messages were claimed in) and the domain of MAIL_FROM, e.g.
 * `<3f0c…(32 hex)@czj.example.cn>` for key `escalation:R1:U1` and `填报 <tianbao@czj.example.cn>`.
 * A resend after a crash between sending and marking sent is then the same message, which mail
 * servers and clients drop as a duplicate.
 */
export function mailMessageId(keys: readonly string[], from: string): string {
  const hash = createHash('sha256')
    .update([...keys].sort().join('\n'))
    .digest('hex')
    .slice(0, 32)
  return `<${hash}@${mailDomain(from)}>`
}

/** `tianbao <tianbao@localhost>` → `localhost`; a from without a domain falls back to `tianbao.invalid`. */
function mailDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from
  const domain = address.slice(address.lastIndexOf('@') + 1).trim()
  return address.includes('@') && /^[\w.-]+$/.test(domain) ? domain : 'tianbao.invalid'
}
