import { z } from 'zod'
import { PLATFORM_FIELD_NAMES, PLATFORM_FIELDS, type PlatformField } from './platform-fields.js'

/**
 * The schema of a platform mapping file (mappings/platform/<province>-<version>.yaml): per layout, the
 * sheet, where the header is and, per column, its header text (with aliases) → a field of the fixed
 * vocabulary (platform-fields.ts) and, for money, the unit the column is in. Example:
 *
 *   budgetExport:
 *     sheet: 1                  # 1-based index, or the sheet's name
 *     headerRow: 2              # first header row (a title row above it is fine)
 *     headerRows: 2             # two rows when the platform merges group headers over sub-headers
 *     columns:
 *       - { field: projectCode, header: 项目代码, aliases: [项目编码] }
 *       - { field: budgetInitial, header: 年初预算, group: 预算执行情况, unit: 万元 }
 */
const text = z.string().trim().min(1)

const column = z
  .strictObject({
    field: z.enum(PLATFORM_FIELD_NAMES),
    /** the header as the platform writes it (and as the export writes it) */
    header: text,
    /** other spellings read as the same column, e.g. 项目编码 for 项目代码 */
    aliases: z.array(text).default([]),
    /** the merged header above this one in a two-row header (written by exports, accepted by imports) */
    group: text.optional(),
    /** the money unit of the column; only for money fields */
    unit: z.enum(['元', '万元']).optional(),
    /** an import refuses a file without this column (default: true for the import layouts' key fields) */
    required: z.boolean().default(true),
    /** width in characters when written */
    width: z.number().int().min(4).max(100).optional(),
  })
  .refine((c) => PLATFORM_FIELDS[c.field] === 'money' || c.unit === undefined, {
    message: 'unit is only for money fields',
    path: ['unit'],
  })
  .transform((c) => ({ ...c, unit: PLATFORM_FIELDS[c.field] === 'money' ? (c.unit ?? '元') : undefined }))

const layout = z.strictObject({
  /** 1-based sheet index or the sheet's name */
  sheet: z.union([z.number().int().min(1), text]).default(1),
  /** sheet name written by exports */
  sheetName: text.max(31).optional(),
  /** the first header row, 1-based */
  headerRow: z.number().int().min(1).max(50).default(1),
  headerRows: z.union([z.literal(1), z.literal(2)]).default(1),
  /** a title written above the header by exports (the header then starts one row lower) */
  title: text.optional(),
  columns: z.array(column).min(1),
  /** budgetExport: 资金来源 texts → the project's fund line; 'skip' for subtotal rows such as 合计 */
  fundSources: z.record(text, z.enum(['fiscal', 'other', 'skip'])).optional(),
  /** indicatorExport: 计算符号 texts besides ≥ ≤ = (and >= <= 大于等于 小于等于 等于) */
  operators: z.record(text, z.enum(['>=', '<=', '=', 'qualitative'])).optional(),
  /** statusExport: the status texts that mean the figures are entered in the platform, e.g. 待审核, 审核通过 */
  enteredStatuses: z.array(text).optional(),
})

const has = (l: z.infer<typeof layout>, ...fields: PlatformField[]) =>
  fields.every((f) => l.columns.some((c) => c.field === f))

/** The fields each layout cannot do without (a mapping without them is refused at start). */
const NEEDS: Record<string, { all: PlatformField[]; anyOf?: PlatformField[] }> = {
  budgetExport: { all: ['projectCode', 'budgetInitial'] },
  indicatorExport: {
    all: ['indicatorL1Name', 'indicatorL2Name', 'indicatorL3Code', 'indicatorL3Name', 'indicatorValue'],
    anyOf: ['projectCode', 'unitCode'],
  },
  projectImport: { all: ['projectCode', 'indicatorL3Code'] },
  departmentImport: { all: ['unitCode', 'indicatorL3Code'] },
  statusExport: { all: ['status'], anyOf: ['projectCode', 'unitCode'] },
}

export const platformMappingSchema = z
  .strictObject({
    province: text,
    version: z.union([text, z.number().int()]).transform(String),
    title: text.optional(),
    layouts: z.strictObject({
      budgetExport: layout.optional(),
      indicatorExport: layout.optional(),
      projectImport: layout.optional(),
      departmentImport: layout.optional(),
      statusExport: layout.optional(),
    }),
  })
  .superRefine((m, ctx) => {
    for (const [name, l] of Object.entries(m.layouts)) {
      if (!l) continue
      const path = ['layouts', name]
      const seen = new Map<string, number>()
      l.columns.forEach((c, i) => {
        const first = seen.get(c.field)
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'columns', i, 'field'],
            message: `${c.field} is mapped twice (also column ${first})`,
          })
        seen.set(c.field, i)
      })
      const need = NEEDS[name]
      for (const f of need.all)
        if (!has(l, f))
          ctx.addIssue({ code: 'custom', path: [...path, 'columns'], message: `${name} needs a ${f} column` })
      if (need.anyOf && !need.anyOf.some((f) => has(l, f)))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'columns'],
          message: `${name} needs one of ${need.anyOf.join(', ')}`,
        })
      if (name === 'statusExport' && !l.enteredStatuses?.length)
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'enteredStatuses'],
          message: 'statusExport needs enteredStatuses',
        })
      if (name === 'budgetExport' && has(l, 'fundSource') && !l.fundSources)
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'fundSources'],
          message: 'a fundSource column needs fundSources',
        })
    }
  })

export type PlatformMapping = z.infer<typeof platformMappingSchema>
export type PlatformLayout = z.infer<typeof layout>
export type PlatformColumn = PlatformLayout['columns'][number]
