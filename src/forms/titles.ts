import type { FormCode } from '../domain/types.js'
import { templates } from './templates/index.js'

/**
 * How the monitoring tables are named in messages, from their templates (the newest version of each
 * form): the full title in a unit's own group, in e-mails and task lists, the short one in a merged
 * shared-group list where one line per unit must stay short. An unknown code is named by itself.
 */
export function formTitle(form: FormCode, style: 'full' | 'short' = 'full'): string {
  const t = templates.filter((x) => x.code === form).sort((a, b) => b.version - a.version)[0]
  if (!t) return form
  return style === 'full' ? t.title : t.shortTitle
}

export function formTitles(forms: readonly FormCode[], style: 'full' | 'short' = 'full'): string[] {
  return forms.map((f) => formTitle(f, style))
}
