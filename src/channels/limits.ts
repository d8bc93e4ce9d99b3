/**
 * What each chat channel allows, as data in one place: the outbox paces by `caps` and splits long texts
 * by `length`; adapters read `mentions` and `files`. Every number says where it comes from; a number we
 * chose ourselves says so. Units matter: WeCom counts UTF-8 bytes, so 2048 bytes hold ≈680 Chinese
 * characters but 2048 ASCII ones.
 */
export type LengthUnit = 'chars' | 'utf8-bytes'

export interface MessageLength {
  max: number
  /** 'chars' counts Unicode code points (an emoji is one), 'utf8-bytes' the encoded bytes */
  unit: LengthUnit
}

/** Whose budget a per-minute cap is: the bot account, the robot, one group, one member, the whole app. */
export type CapScope = 'account' | 'robot' | 'group' | 'member' | 'app'

export interface RateCap {
  perMinute: number
  per: CapScope
}

/** How a message @mentions someone: by display name (wechaty), by platform user id, by mobile number. */
export type MentionKind = 'name' | 'user-id' | 'mobile'

export interface ChannelLimits {
  /** the cap the outbox paces by (PacingLimiter key `<channel>:<account>`, the account being `caps[0].per`) */
  caps: readonly RateCap[]
  length: MessageLength
  mentions: readonly MentionKind[]
  /** whether the bot can receive (and so the Excel issue can read) files on this channel */
  files: boolean
  /** whether the bot can send a file here (an outbox message's attachments, each after its text) */
  sendsFiles: boolean
}

export const CHANNEL_LIMITS = {
  /**
   * Personal WeChat through wechaty. No published limit: 40 a minute per account is the pace that kept
   * trial accounts unbanned (the default of WECHAT_MAX_PER_MINUTE since the outbox issue). The length is
   * our choice: WeChat itself accepts far longer texts, but a notice longer than this is unreadable on a
   * phone and the web protocol has failed on very long ones. Mentions by display name (wechaty resolves
   * the contact at send time); files are received as FileBox.
   */
  wechat: {
    caps: [{ perMinute: 40, per: 'account' }],
    length: { max: 4000, unit: 'chars' },
    mentions: ['name'],
    files: true,
    // room.say / contact.say(FileBox.fromBuffer(data, name))
    sendsFiles: true,
  },
  /**
   * DingTalk enterprise-internal robot (OpenAPI v1.0). `robot/groupMessages/send`: 20 a minute per robot
   * per group, the robot is throttled for 10 minutes beyond that ("每个机器人每分钟最多发送20条。如果超过
   * 20条，会限流10分钟" — https://open.dingtalk.com/document/robots/robot-overview, as quoted by
   * http://zhuoqun.info/article/182 and https://help.h3yun.com/contents/1212/2357.html; those pages state
   * it for the custom webhook robot — no separate figure for the enterprise robot's group sends was found,
   * so we hold it to the same cap).
   * `robot/oToMessages/batchSend` takes at most 20 userIds per call (DINGTALK_BATCH_USERS; the
   * dingtalk-robot-mcp README, https://glama.ai/mcp/servers/liuyuming0823/dingtalk-robot-mcp, "最多单次
   * 20 人"). No length limit for sampleText/sampleMarkdown was found in the documents we could reach:
   * 4000 characters is our conservative choice. @ by userId: a reply through the message's
   * sessionWebhook takes `at: { atUserIds }` with "@<userId>" in the text (the custom-robot message format,
   * https://raw.githubusercontent.com/breath57/dingtalk-skills/2d3ea3f68b910984f164da7d6240573acc20b5cf/.agents/skills/dingtalk-message/references/api.md);
   * `robot/groupMessages/send` has no at field in the documents we found, so whether "@<userId>" in a
   * proactive sampleMarkdown notifies is for the DingTalk adapter to establish (OutboxTarget.atUserIds
   * carries the ids either way). Files: the robot receives `file` messages and downloads them with
   * `robot/messageFiles/download` (downloadCode).
   */
  dingtalk: {
    caps: [{ perMinute: 20, per: 'group' }],
    length: { max: 4000, unit: 'chars' },
    mentions: ['user-id'],
    files: true,
    // oapi `media/upload?type=file` (multipart `media`, at most 20 MB) → media_id, then msgKey sampleFile
    sendsFiles: true,
  },
  /**
   * WeCom group robot webhook (`cgi-bin/webhook/send`, https://developer.work.weixin.qq.com/document/path/91770):
   * "每个机器人发送的消息不能超过20条/分钟" per key; text.content "最长不超过2048个字节，必须是utf8编码"
   * (markdown content: 4096 bytes — we send text, so 2048 is the limit that applies); @ by `mentioned_list`
   * (userids) or `mentioned_mobile_list`. It cannot receive anything, so no files in; a file goes out by
   * `cgi-bin/webhook/upload_media?key=…&type=file` (multipart `media`, 5 B–20 MB) → media_id, then
   * msgtype `file` (both count against the same key).
   */
  wecom: {
    caps: [{ perMinute: 20, per: 'robot' }],
    length: { max: 2048, unit: 'utf8-bytes' },
    mentions: ['user-id', 'mobile'],
    files: false,
    sendsFiles: true,
  },
  /**
   * WeCom self-built app, `cgi-bin/message/send` (https://developer.work.weixin.qq.com/document/path/90236,
   * frequency limits in https://developer.work.weixin.qq.com/document/path/90312): at most 30 messages a
   * minute to one member (and 1000 an hour); text.content "最长不超过2048个字节". 1:1 only, no mentions.
   * Files: `cgi-bin/media/upload?access_token=…&type=file` (multipart `media`, at most 20 MB, media_id valid
   * three days) then msgtype `file` (https://developer.work.weixin.qq.com/document/path/90253).
   */
  'wecom-app': {
    caps: [{ perMinute: 30, per: 'member' }],
    length: { max: 2048, unit: 'utf8-bytes' },
    mentions: [],
    files: false,
    sendsFiles: true,
  },
  /**
   * WeCom 智能机器人 (intelligent robot) passive reply to a callback (stream message,
   * https://developer.work.weixin.qq.com/document/path/101031): a reply answers one message, so no
   * per-minute cap of ours; stream.content is limited to 20480 UTF-8 bytes (as we read that page; the
   * excerpt we could retrieve did not show the number, so verify before relying on the margin). @ messages
   * and 1:1 messages are received; files sent to the robot arrive as `file` with an encrypted URL. The
   * passive reply is a stream of text: it cannot carry a file, so a file for someone who asked here goes
   * through the self-built app 1:1 (src/services/filing/chat-replier.ts), or, without the app, the reply
   * says where to get it.
   */
  'wecom-bot': {
    caps: [],
    length: { max: 20480, unit: 'utf8-bytes' },
    mentions: ['user-id'],
    files: true,
    sendsFiles: false,
  },
} as const satisfies Record<string, ChannelLimits>

export type LimitedChannel = keyof typeof CHANNEL_LIMITS

/**
 * Largest file the chat sends (our choice, far below every platform's 20 MB): its bytes are stored in the
 * outbox document (base64, a third larger) until sent, and a fill template is a few tens of KB.
 */
export const CHAT_FILE_MAX_BYTES = 2 * 1024 * 1024

/** At most this many userIds in one DingTalk `robot/oToMessages/batchSend` call (see dingtalk above). */
export const DINGTALK_BATCH_USERS = 20

/** The per-minute cap the outbox paces a channel by (its first cap), undefined when it has none. */
export function perMinuteCap(channel: LimitedChannel): number | undefined {
  const caps: readonly RateCap[] = CHANNEL_LIMITS[channel].caps
  return caps[0]?.perMinute
}
