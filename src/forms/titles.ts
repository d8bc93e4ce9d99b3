import type { FormCode } from '../domain/types.js'
import { templates } from './templates/index.js'

/**
 * How the monitoring tables are named in messages, from their templates (the newest version of each
 * form): the full title in a unit's own group, in e-mails and task lists, the short one in a merged
 * shared-group list where one line per unit must stay short. An unknown code is named by itself.
 */
export function formTitle(form: FormCode, style: 'full' | 'short' = 'full'): string {
  const t = newest().get(form)
  if (!t) return form
  return style === 'full' ? t.title : t.shortTitle
}

let byCode: Map<string, (typeof templates)[number]> | undefined
/** The newest template of each form, found once: digests and sweeps name tables for thousands of units. */
function newest(): Map<string, (typeof templates)[number]> {
  if (byCode) return byCode
  byCode = new Map()
  for (const t of templates) if ((byCode.get(t.code)?.version ?? -1) < t.version) byCode.set(t.code, t)
  return byCode
}

export function formTitles(forms: readonly FormCode[], style: 'full' | 'short' = 'full'): string[] {
  return forms.map((f) => formTitle(f, style))
}
