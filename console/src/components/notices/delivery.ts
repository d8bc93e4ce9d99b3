import type { NoticeDelivery } from '../../api/notices'

/** How a unit's delivery reads on the board, with the tag colour. */
export const DELIVERY: Record<NoticeDelivery, { text: string; type: 'success' | 'info' | 'danger' | 'warning' }> = {
  sent: { text: '已送达', type: 'success' },
  pending: { text: '待发送', type: 'info' },
  failed: { text: '发送失败', type: 'danger' },
  'no-group': { text: '无绑定群', type: 'warning' },
}

export type AckFilter = 'all' | 'silent' | 'acknowledged' | 'unreached'

export const FILTERS: { value: AckFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'silent', label: '未收到' },
  { value: 'acknowledged', label: '已收到' },
  { value: 'unreached', label: '未送达' },
]

/** 未收到: not acknowledged (whether reached or not); 未送达: no group, failed or still waiting. */
export function matches(f: AckFilter, u: { acknowledged: boolean; delivery: NoticeDelivery }): boolean {
  if (f === 'silent') return !u.acknowledged
  if (f === 'acknowledged') return u.acknowledged
  if (f === 'unreached') return u.delivery !== 'sent'
  return true
}
