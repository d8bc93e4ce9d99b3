import ExcelJS from 'exceljs'
import type { ChatFile, FillTemplates } from '../../chat/ports.js'
import type { RoundRepository } from '../../db/repositories/round-repository.js'
import type { UnitRepository } from '../../db/repositories/unit-repository.js'
import type { FormCode } from '../../domain/types.js'
import { formTitle } from '../../forms/titles.js'

/**
 * PLACEHOLDER, replaced by the real FillTemplateService (issue 17, built in parallel): a valid but nearly
 * empty XLSX per form of the unit in the round — a title row naming the unit, the table and the round —
 * named `<unit>-<form short title>-<round>.xlsx`, so the chat's `模板` can be wired and tested end to end.
 * Nothing should depend on its content beyond the name and it being an XLSX.
 */
export class PlaceholderFillTemplates implements FillTemplates {
  constructor(
    private readonly rounds: Pick<RoundRepository, 'getRound' | 'unitRows'>,
    private readonly units: Pick<UnitRepository, 'named'>,
  ) {}

  async forUnit(roundId: string, unitCode: string, formCode?: string): Promise<ChatFile[]> {
    const [round, unit, rows] = await Promise.all([
      this.rounds.getRound(roundId),
      this.units.named(unitCode),
      this.rounds.unitRows([roundId], unitCode),
    ])
    const forms = rows[0]?.forms ?? []
    if (!round || forms.length === 0) return []
    const chosen = formCode ? forms.filter((f) => f === formCode) : forms
    const unitName = unit?.name ?? unitCode
    return Promise.all(chosen.map((form) => this.workbook(unitName, form, round.title)))
  }

  private async workbook(unitName: string, form: FormCode, roundTitle: string): Promise<ChatFile> {
    const short = formTitle(form, 'short')
    const wb = new ExcelJS.Workbook()
    const sheet = wb.addWorksheet(short.slice(0, 31))
    sheet.addRow([formTitle(form)])
    sheet.addRow(['单位', unitName])
    sheet.addRow(['轮次', roundTitle])
    const data = Buffer.from(await wb.xlsx.writeBuffer())
    return { name: `${safe(unitName)}-${safe(short)}-${safe(roundTitle)}.xlsx`, data }
  }
}

/** a name part without the characters file systems and chat clients refuse in a file name */
function safe(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_')
}
