import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream'
import { z } from 'zod'
import type { Logger } from '../../logger.js'
import type { DingTalkApi } from './dingtalk-api.js'
import type { DingTalkSettings } from './dingtalk-settings.js'

/** What `gateway/connections/open` answers: where to open the WebSocket and the one-time ticket. */
const endpointReply = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) })

/** The SDK's fields it keeps private in its typings but that a subclass must set (dingtalk-stream 2.1.5 dist/client.mjs). */
interface SdkInternals {
  dw_url?: string
  reconnectInterval: number
}

/**
 * The official Stream SDK's client, pointed at a configurable gateway: dingtalk-stream 2.1.5 hard-codes
 * GATEWAY_URL and GET_TOKEN_URL, so getEndpoint() and getAccessToken() are overridden (the frames, the
 * system ping answer and the reconnect after a dropped connection stay the SDK's). `connect()` is
 * guarded too: the SDK's reconnect timer would otherwise open a new connection after disconnect().
 */
export class DingTalkStreamClient extends DWClient {
  private stopped = false

  constructor(
    private readonly s: Pick<DingTalkSettings, 'clientId' | 'clientSecret' | 'gatewayUrl' | 'reconnectMs'>,
    private readonly api: DingTalkApi,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {
    super({ clientId: s.clientId, clientSecret: s.clientSecret, ua: 'tianbao' })
    if (s.reconnectMs !== undefined) (this as unknown as SdkInternals).reconnectInterval = s.reconnectMs
    // only robot messages: no EVENT subscription (the SDK's default subscribes to every event)
    this.config.subscriptions.splice(0)
  }

  /** robot messages (group @messages and 1:1); the handler ACKs each once it is taken care of */
  onRobotMessage(handler: (frame: DWClientDownStream) => void): this {
    return this.registerCallbackListener(TOPIC_ROBOT, handler)
  }

  /** tells DingTalk the message was received, so it is not pushed again */
  ack(messageId: string): void {
    this.socketCallBackResponse(messageId, { success: true })
  }

  override async getEndpoint(): Promise<this> {
    const res = await fetch(this.s.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.s.clientId,
        clientSecret: this.s.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(15_000),
    })
    if (!res.ok) throw new Error(`DingTalk gateway ${res.status}`)
    const { endpoint, ticket } = endpointReply.parse(await res.json())
    ;(this as unknown as SdkInternals).dw_url = `${endpoint}?ticket=${encodeURIComponent(ticket)}`
    return this
  }

  /** the SDK parses every frame in the socket's message handler: a frame that is not JSON must not crash the process */
  override onDownStream(data: string): void {
    try {
      super.onDownStream(data)
    } catch (err) {
      this.logger.warn({ err, frame: String(data).slice(0, 200) }, 'DingTalk Stream frame not understood')
    }
  }

  override async getAccessToken(): Promise<string> {
    return this.api.accessToken()
  }

  override async connect(): Promise<void> {
    if (this.stopped) return
    await super.connect()
  }

  /** closes the connection for good (no reconnect) */
  stop(): void {
    this.stopped = true
    this.disconnect()
  }
}
