import { CHAT_FILE_MAX_BYTES } from '../../channels/limits.js'
import { isWecomAccount } from '../../domain/group-target.js'
import { PRIORITY, type Attachment, type OutboxInput, type OutboxPort } from '../../domain/outbox-message.js'

/** Where a chat message came from: a room ('' roomId for a private chat) on one bot account. */
export interface ChatPlace {
  account: string
  roomId: string
  roomTopic: string
}

export interface ChatPerson {
  id: string
  name: string
}

interface Waiting {
  msgs: OutboxInput[]
  resolve: () => void
  reject: (err: unknown) => void
}

/** Most replies one outbox insert carries. */
const BATCH = 200

/**
 * How a bot account's chat delivers a file it answers with: `inline` — the reply itself carries it (the
 * account's sender sends it after the text: wechat, DingTalk); `wecom-app` — the account answers in the
 * WeCom 智能机器人 callback, whose passive reply cannot carry a file, so the file goes 1:1 to the person
 * who asked through the self-built app (their WeCom userid); `none` — the text says where to get it.
 * A WeCom group whose binding has a push address (webhookKey) gets its files in the group through that
 * robot instead, whatever the route (see replyWithFiles).
 */
export type FileRoute = 'inline' | 'wecom-app' | 'none'

/** A file the chat answers with. */
export interface ReplyFile {
  name: string
  data: Buffer
}

export const NO_FILE_HINT = '此处的机器人不能发送文件：请在小程序中下载本单位的填报模板，或发送“填报”直接在对话中填写。'
export const APP_FILE_NOTE = '（文件已通过企业微信应用消息单独发给您。）'
export const GROUP_FILE_NOTE = '（文件将由本群的群机器人随后发到本群。）'
const TOO_BIG_NOTE = '以下文件过大，无法在对话中发送，请在小程序中下载：'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * Replies go through the outbox like every other message (they count against the same pace and go
 * first), keyed by the incoming message id so handling the same message twice never answers twice.
 * In a group the reply @mentions the person it answers.
 *
 * Inserts are group-committed: a reply is inserted at once when no insert is in flight; replies of
 * other conversations that arrive meanwhile go together in the next one. Each `reply` resolves only
 * once its own messages are stored, so a caller still knows its answer is queued when it returns.
 */
export class ChatReplier {
  private waiting: Waiting[] = []
  private flushing = false
  constructor(
    private readonly outbox: OutboxPort & { findByKey(key: string): Promise<unknown> },
    /** per bot account, where it is not `inline` (the container derives it from the channels' config) */
    private readonly fileRoutes: Readonly<Record<string, FileRoute>> = {},
  ) {}

  /**
   * Whether the message `key` was answered already: its first reply (`reply:<key>:0`) is in the outbox.
   * A turn queues its reply only after its answer is stored, so an answered message was handled completely.
   */
  async answered(key: string): Promise<boolean> {
    return (await this.outbox.findByKey(`reply:${key}:0`)) !== null
  }

  reply(place: ChatPlace, person: ChatPerson, key: string, texts: string[]): Promise<void> {
    return this.queue(
      texts.filter((t) => t.trim()).map((text, i) => replyMessage(place, person, `reply:${key}:${i}`, text)),
    )
  }

  /**
   * A text and the files that go with it, as one reply keyed by the incoming message (`reply:<id>:0`; the
   * app's 1:1 file message `file:<id>`), so the files come after the text and a message handled twice
   * sends them once. A file over CHAT_FILE_MAX_BYTES is named in the text instead of sent.
   * In a WeCom group with a push address (`webhookKey`, the group binding's) the files go to the group
   * through its robot webhook (`file:<id>`, files only: the text is already in the callback's reply), so
   * everyone there sees them; without one, the account's route (1:1 through the app, or the hint).
   */
  replyWithFiles(
    place: ChatPlace,
    person: ChatPerson,
    key: string,
    text: string,
    files: ReplyFile[],
    webhookKey?: string,
  ): Promise<void> {
    const route = this.fileRoutes[place.account] ?? 'inline'
    const fits = files.filter((f) => f.data.length <= CHAT_FILE_MAX_BYTES)
    const tooBig = files.filter((f) => f.data.length > CHAT_FILE_MAX_BYTES)
    const bigNote = tooBig.length ? `\n${TOO_BIG_NOTE}${tooBig.map((f) => f.name).join('、')}` : ''
    const head = replyMessage(place, person, `reply:${key}:0`, text + bigNote)
    if (fits.length === 0) return this.queue([head])
    const attachments = fits.map(toAttachment)
    if (webhookKey && place.roomId && isWecomAccount(place.account)) {
      const toGroup: OutboxInput = {
        key: `file:${key}`,
        target: { channel: 'wecom', webhookKey, chatId: place.roomId },
        text: '',
        attachments,
        priority: PRIORITY.reply,
        meta: { kind: 'reply' },
      }
      return this.queue([{ ...head, text: `${head.text}\n${GROUP_FILE_NOTE}` }, toGroup])
    }
    if (route === 'none') return this.queue([{ ...head, text: `${head.text}\n${NO_FILE_HINT}` }])
    if (route === 'inline') return this.queue([{ ...head, attachments }])
    const toPerson: OutboxInput = {
      key: `file:${key}`,
      target: { channel: 'wecom-app', userIds: [person.id] },
      text: `您在企业微信群或对话中要的文件（${fits.length} 个）如下：`,
      attachments,
      priority: PRIORITY.reply,
      meta: { kind: 'reply' },
    }
    return this.queue([{ ...head, text: `${head.text}\n${APP_FILE_NOTE}` }, toPerson])
  }

  private queue(msgs: OutboxInput[]): Promise<void> {
    if (msgs.length === 0) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ msgs, resolve, reject })
      if (!this.flushing) void this.flush()
    })
  }

  private async flush(): Promise<void> {
    this.flushing = true
    try {
      while (this.waiting.length) {
        const batch: Waiting[] = []
        let n = 0
        while (this.waiting.length && (batch.length === 0 || n + this.waiting[0].msgs.length <= BATCH)) {
          const w = this.waiting.shift() as Waiting
          batch.push(w)
          n += w.msgs.length
        }
        await this.insert(batch)
      }
    } finally {
      this.flushing = false
    }
  }

  /** One driver insert for the batch (duplicate keys are skipped by enqueueMany); on any other failure each caller's own messages are tried alone. */
  private async insert(batch: Waiting[]): Promise<void> {
    try {
      await this.outbox.enqueueMany(batch.flatMap((w) => w.msgs))
      for (const w of batch) w.resolve()
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err)
      for (const w of batch) {
        await this.outbox.enqueueMany(w.msgs).then(
          () => w.resolve(),
          (e: unknown) => w.reject(e),
        )
      }
    }
  }
}

export function replyMessage(place: ChatPlace, person: ChatPerson, key: string, text: string): OutboxInput {
  const target = place.roomId
    ? {
        channel: 'wechat' as const,
        roomId: place.roomId,
        roomTopic: place.roomTopic,
        mentions: [{ id: person.id, name: person.name }],
      }
    : { channel: 'wechat' as const, contactId: person.id, contactName: person.name }
  return { key, account: place.account, target, text, priority: PRIORITY.reply, meta: { kind: 'reply' } }
}

function toAttachment(f: ReplyFile): Attachment {
  return {
    filename: f.name,
    contentType: f.name.endsWith('.xlsx') ? XLSX : 'application/octet-stream',
    content: f.data.toString('base64'),
  }
}
