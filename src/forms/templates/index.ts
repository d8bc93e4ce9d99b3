import { countyDetailTemplate } from './county-detail.js'
import { departmentTemplate } from './department.js'
import { disclosureTemplate } from './disclosure.js'
import { projectTemplate } from './project.js'
import type { FormTemplate } from '../template.js'

/** Every template by versioned id; the newest version of a code is what a new round uses. */
export const templates: readonly FormTemplate[] = [
  projectTemplate,
  departmentTemplate,
  countyDetailTemplate,
  disclosureTemplate,
]

/** By versioned id ("project@1") or by form code ("project" → its newest version). Throws if unknown. */
export function getTemplate(idOrCode: string): FormTemplate {
  const byId = templates.find((t) => t.id === idOrCode)
  if (byId) return byId
  const versions = templates.filter((t) => t.code === idOrCode).sort((a, b) => b.version - a.version)
  if (versions.length === 0) throw new Error(`unknown form template: ${idOrCode}`)
  return versions[0]
}
