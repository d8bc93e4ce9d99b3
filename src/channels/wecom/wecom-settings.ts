/**
 * One deployment's WeCom credentials, handed to the adapter's constructors (the lead wires them from
 * config). The 智能机器人 callback uses token/encodingAESKey (receiveId '' for a company's own robot,
 * https://developer.work.weixin.qq.com/document/path/101033); the self-built app uses corpId/corpSecret/agentId.
 */
export interface WecomSettings {
  /** the callback's Token */
  token: string
  /** the callback's 43-character EncodingAESKey */
  encodingAESKey: string
  /** the id the callback crypto carries: '' for an internal 智能机器人 */
  receiveId?: string
  /** the company's corpid (gettoken) */
  corpId: string
  /** the self-built app's secret (gettoken) */
  corpSecret: string
  /** the self-built app's agentid (message/send) */
  agentId: number
  /** https://qyapi.weixin.qq.com in production; a fake platform's address in tests */
  apiBase: string
  /** the chat core's account name for this robot (journal and outbox key); default 'wecom' */
  account?: string
  /** the robot's display name, to take "@填报助手" out of a group message; absent: a leading @word is taken out */
  botName?: string
  /** how old a callback's timestamp may be before it is refused as stale; default 300 s */
  maxSkewSeconds?: number
}

/** The chat core's account of the 智能机器人 when the settings name none. */
export const WECOM_BOT_ACCOUNT = 'wecom'
