import type { Clock } from '../../clock.js'
import type { BindingRecord } from '../../domain/binding.js'
import { isWecomAccount } from '../../domain/group-target.js'
import { maskWebhookKey, parseWebhookKey } from '../../domain/webhook-key.js'
import { AppError } from '../../errors.js'
import type { AuditService } from '../access/audit-service.js'

/** Where the key is kept (src/db/repositories/binding-repository.ts). */
export interface WebhookBindings {
  byId(id: string): Promise<BindingRecord | null>
  freshRoomBinding(roomId: string): Promise<BindingRecord | null>
  setWebhookKey(id: string, key: string): Promise<void>
  /** active group bindings (unit, shared and bureau groups), of one unit when given */
  groupBindings(unitCode?: string): Promise<BindingRecord[]>
}

/** The WeCom group messages queued before the group had a push address (src/outbox/outbox-repository.ts). */
export interface WaitingForWebhook {
  /** those of the group queued since `since` go out with `key`; how many */
  releaseWebhook(chatId: string, key: string, since: Date): Promise<number>
}

/** Who set the key, for the audit log: an admin token's actor, or a chat member's platform id. */
export interface WebhookActor {
  actor: string
  role: string
}

/** A binding as the API shows it: the key masked ("693a…5aaa"), never in full. */
export interface WebhookBindingView {
  id: string
  kind: BindingRecord['kind']
  account: string
  roomId?: string
  roomTopic?: string
  unitCode?: string
  webhookKey?: string
}

export interface WebhookSet {
  binding: WebhookBindingView
  /** messages that waited for the push address and go out now */
  released: number
}

/**
 * Messages older than this that waited for a push address stay where they are: a reminder from last
 * month read today is confusing; a notice of the last week is still worth sending.
 */
const RELEASE_WINDOW_MS = 7 * 24 * 3600_000

/**
 * The push address of a WeCom group (its group robot's webhook key): the 智能机器人 bound to the group can
 * only reply, so reminders, notices, 催报 and alerts reach the group through a group robot added to it
 * (src/domain/group-target.ts). Set in the group (`推送地址 <address>`) or by the bureau's admin API;
 * every change is audited without the key; what waited for it is sent.
 */
export class GroupWebhookService {
  constructor(
    private readonly bindings: WebhookBindings,
    private readonly waiting: WaitingForWebhook,
    private readonly audit: Pick<AuditService, 'record'>,
    private readonly clock: Clock,
  ) {}

  /** GET /api/admin/bindings: the groups, keys masked; `webhookMissing` marks a WeCom group without one. */
  async groups(unitCode?: string): Promise<(WebhookBindingView & { webhookMissing: boolean })[]> {
    return (await this.bindings.groupBindings(unitCode)).map((b) => ({
      ...webhookBindingView(b),
      webhookMissing: isWecomAccount(b.account) && !b.webhookKey,
    }))
  }

  /** PUT /api/admin/bindings/:id/webhook */
  async setForBinding(id: string, input: string, who: WebhookActor, requestId?: string): Promise<WebhookSet> {
    const b = /^[0-9a-f]{24}$/.test(id) ? await this.bindings.byId(id) : null
    if (!b || !b.active) throw AppError.notFound('未找到该绑定')
    return this.set(b, input, who, 'api', requestId)
  }

  /** `推送地址 <address>` said in the group: the group's own binding gets it. */
  async setForRoom(roomId: string, input: string, who: WebhookActor): Promise<WebhookSet> {
    const b = await this.bindings.freshRoomBinding(roomId)
    if (!b) throw AppError.notFound('本群尚未绑定')
    return this.set(b, input, who, 'chat')
  }

  private async set(
    b: BindingRecord,
    input: string,
    who: WebhookActor,
    via: 'api' | 'chat',
    requestId?: string,
  ): Promise<WebhookSet> {
    if (!isWecomAccount(b.account) || b.kind === 'member' || !b.roomId)
      throw AppError.invalid('只有企业微信群的绑定需要推送地址')
    const key = parseWebhookKey(input)
    if (!key) throw AppError.invalid('推送地址格式不对：应为群机器人的 Webhook 地址或其中的 key')
    await this.bindings.setWebhookKey(b.id, key)
    const since = new Date(this.clock.now().getTime() - RELEASE_WINDOW_MS)
    const released = await this.waiting.releaseWebhook(b.roomId, key, since)
    // the audit names the binding and the masked key, so two changes can be told apart without the secret
    await this.audit.record({
      actor: who.actor,
      role: who.role,
      action: via === 'api' ? 'PUT /api/admin/bindings/:id/webhook' : 'chat 推送地址',
      target: { id: b.id, roomId: b.roomId, webhookKey: maskWebhookKey(key) ?? '' },
      status: 200,
      requestId,
    })
    return { binding: webhookBindingView({ ...b, webhookKey: key }), released }
  }
}

export function webhookBindingView(b: BindingRecord): WebhookBindingView {
  return {
    id: b.id,
    kind: b.kind,
    account: b.account,
    roomId: b.roomId,
    roomTopic: b.roomTopic,
    unitCode: b.unitCode,
    webhookKey: maskWebhookKey(b.webhookKey),
  }
}
