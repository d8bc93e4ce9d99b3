import { periodLabel } from '../domain/time-progress.js'
import type { FormContext } from '../forms/context.js'
import type { Expansion } from '../forms/expand.js'
import { kindOf } from '../forms/kinds/index.js'
import type { FormTemplate } from '../forms/template.js'
import type { TemplateSheet } from './template-sheet.js'

/** One row per question: for the tables without a standard layout, and for anything it has no cell for. */
export function questionSheet(
  s: TemplateSheet,
  template: FormTemplate,
  ctx: FormContext,
  x: Expansion,
  only: ReadonlySet<string>,
): void {
  s.ws.columns = [{ width: 18 }, { width: 30 }, { width: 30 }, { width: 50 }]
  s.row([`${template.title}（${periodLabel(ctx.round.endMonth)}）`], [[1, 4]]).row.font = { bold: true, size: 14 }
  s.row(['单位名称', ctx.unit.name, '单位代码', ctx.unit.code])
  const head = s.row(['项目', '填报项', '填写内容（金额单位：万元）', '说明'])
  head.row.font = { bold: true }
  for (const b of x.blocks) {
    if (b.share) continue
    const qs = b.questions.filter((q) => only.has(q.path))
    if (qs.length === 0) continue
    if (b.intro.length) s.row([b.scope?.name ?? '', b.intro.join('；')], [[2, 4]])
    for (const q of qs) {
      const note = [kindOf(q.kind).hint(q), q.when || b.when ? '仅在存在偏差或超预算时填写' : '']
      const at = s.row([b.scope?.name ?? '', q.label, null, note.filter(Boolean).join('；')])
      s.answer(at, 3, q, q.label, q.kind === 'money' ? { at: head, col: 3 } : undefined)
    }
  }
}
