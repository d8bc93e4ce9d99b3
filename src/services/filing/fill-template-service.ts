import { periodLabel } from '../../domain/time-progress.js'
import type { FormCode, Project, Round, RoundUnit, Unit } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { getTemplate } from '../../forms/templates/index.js'
import { buildFillTemplate } from '../../workbook/build-fill-template.js'
import type { FileReading } from '../../workbook/file-reading.js'
import { readFilledTemplate } from '../../workbook/read-filled-template.js'
import type { RoundReader, SubmissionStore } from './filing-ports.js'
import type { FormContextService } from './form-context-service.js'

/** The unit and its department's name (UnitRepository). */
export interface TemplateUnits {
  withProjects(code: string): Promise<{ unit: Unit | null; projects: Project[] }>
  names(codes: readonly string[]): Promise<Map<string, string>>
}

export interface TemplateFile {
  /** "D012-项目支出表-2027年1-9月.xlsx" */
  name: string
  data: Buffer
}

/**
 * Fill-in templates of a unit's forms for a round (src/workbook/build-fill-template.ts), and reading one
 * back with the chat's parsers and rules. Used by the mini-program and admin APIs and by the chat's 模板.
 */
export class FillTemplateService {
  constructor(
    private readonly rounds: RoundReader,
    private readonly units: TemplateUnits,
    private readonly contexts: FormContextService,
    private readonly submissions: Pick<SubmissionStore, 'latest'>,
  ) {}

  /**
   * One file per form the unit files this round (or just `formCode`), with the form's latest answers in
   * their cells; 404 when the unit has none here.
   */
  async forUnit(roundId: string, unitCode: string, formCode?: FormCode): Promise<TemplateFile[]> {
    const { round, ru } = await this.roundUnit(roundId, unitCode)
    const forms = formCode ? [formCode] : ru.forms
    if (formCode && !ru.forms.includes(formCode)) throw AppError.notFound('本单位本轮无需填报该表')
    const { unit } = await this.units.withProjects(unitCode)
    if (!unit) throw AppError.notFound('单位不存在')
    const dept = unit.parentCode ?? unit.code
    const department = `${(await this.units.names([dept])).get(dept) ?? ''}（${dept}）`
    const out: TemplateFile[] = []
    for (const form of forms) {
      const template = getTemplate(form)
      const [ctx, latest] = await Promise.all([
        this.contexts.build(round, unitCode, form),
        this.submissions.latest(round.id, unitCode, form),
      ])
      out.push({
        name: `${unitCode}-${template.shortTitle}-${round.year}年${periodLabel(round.endMonth)}.xlsx`,
        data: await buildFillTemplate({ template, ctx, roundId: round.id, department, answers: latest?.answers }),
      })
    }
    return out
  }

  /**
   * Reads a filled template of this unit and round. Refused (422, with the reason) when it is no
   * template or another unit's, round's or template version's; cell errors come back as data.
   */
  async readFile(roundId: string, unitCode: string, data: Buffer): Promise<FileReading> {
    const { round, ru } = await this.roundUnit(roundId, unitCode)
    return readFilledTemplate(data, {
      unitCode,
      roundId: round.id,
      context: async (form) => {
        if (!ru.forms.includes(form)) throw AppError.notFound('本单位本轮无需填报该表')
        return this.contexts.build(round, unitCode, form)
      },
    })
  }

  private async roundUnit(roundId: string, unitCode: string): Promise<{ round: Round; ru: RoundUnit }> {
    const [round, ru] = await Promise.all([this.rounds.getRound(roundId), this.rounds.getRoundUnit(roundId, unitCode)])
    if (!round || round.status === 'draft') throw AppError.notFound('填报任务不存在')
    if (!ru) throw AppError.notFound('本单位不在本轮填报范围内')
    return { round, ru }
  }
}
