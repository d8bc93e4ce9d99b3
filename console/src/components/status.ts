import type { BoardStatus } from '../api/types'

export const STATUS_TEXT: Record<BoardStatus, string> = {
  on_time: '按时报送',
  late: '逾期报送',
  awaiting_entry: '已提交未录入',
  partial: '部分报送',
  missing: '未报',
}

export const STATUS_TAG: Record<BoardStatus, 'success' | 'warning' | 'danger' | 'info'> = {
  on_time: 'success',
  late: 'warning',
  awaiting_entry: 'warning',
  partial: 'info',
  missing: 'danger',
}
