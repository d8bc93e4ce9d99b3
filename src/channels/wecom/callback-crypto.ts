import { randomBytes } from 'node:crypto'
import { decrypt, encrypt, getSignature } from '@wecom/crypto'
import { timingSafeEqual } from 'node:crypto'

/** What a callback carries in its query string (URL verification and every message). */
export interface SignedQuery {
  msg_signature: string
  timestamp: string
  nonce: string
}

/**
 * WeCom's callback crypto with the official algorithm (@wecom/crypto): the signature is
 * sha1(sort(token, timestamp, nonce, encrypt)); the payload AES-256-CBC with the EncodingAESKey.
 * https://developer.work.weixin.qq.com/document/path/101033
 */
export class CallbackCrypto {
  constructor(
    private readonly token: string,
    private readonly encodingAESKey: string,
    private readonly receiveId: string,
  ) {}

  /** whether the signature matches (constant time) */
  verify(q: SignedQuery, encrypted: string): boolean {
    const expected = Buffer.from(getSignature(this.token, q.timestamp, q.nonce, encrypted))
    const given = Buffer.from(q.msg_signature)
    return expected.length === given.length && timingSafeEqual(expected, given)
  }

  /** the plain text, or undefined when it was not encrypted for this receiveId */
  open(encrypted: string): string | undefined {
    try {
      const { message, id } = decrypt(this.encodingAESKey, encrypted)
      return id === this.receiveId ? message : undefined
    } catch {
      return undefined
    }
  }

  /** the encrypted passive reply: { encrypt, msgsignature, timestamp, nonce } */
  seal(plain: string, timestamp: number): { encrypt: string; msgsignature: string; timestamp: number; nonce: string } {
    const nonce = randomBytes(8).toString('hex')
    const sealed = encrypt(this.encodingAESKey, plain, this.receiveId)
    return { encrypt: sealed, msgsignature: getSignature(this.token, timestamp, nonce, sealed), timestamp, nonce }
  }
}
