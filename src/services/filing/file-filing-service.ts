import type { Submission } from '../../domain/types.js'
import { AppError } from '../../errors.js'
import { getTemplate } from '../../forms/templates/index.js'
import type { FileReading } from '../../workbook/file-reading.js'
import type { FillTemplateService } from './fill-template-service.js'
import type { Author, SubmissionService, SubmissionTarget } from './submission-service.js'

export interface FiledFile {
  reading: FileReading
  /** the draft the answers became */
  draft: Pick<Submission, 'version' | 'status'>
}

/**
 * Filing by file: a filled template's valid answers become the unit's draft of that form — the draft
 * the mini-program and the chat share, so a chat dialog opened next continues from them. A file with
 * any cell error stores nothing until the clerk confirmed keeping the valid cells (`keepValid` on the
 * mini-program, 保留 in the chat). The file is the whole form: its answers replace the draft's.
 * The mini-program calls `upload`; the chat calls `read` and `keep` with its own dialogue between them.
 */
export class FileFilingService {
  constructor(
    private readonly templates: FillTemplateService,
    private readonly submissions: SubmissionService,
  ) {}

  async upload(t: SubmissionTarget, data: Buffer, who: Author, keepValid: boolean): Promise<FiledFile> {
    const reading = await this.read(t.roundId, t.unitCode, data, t.form)
    if (reading.errors.length && !keepValid)
      throw new AppError(
        422,
        'file_errors',
        `文件中有 ${reading.errors.length} 处无法读取，未保存任何内容：请改正后重新上传，或确认只保留无误的内容（keep=valid）`,
        reading,
      )
    const saved = await this.keep(t, reading.answers, who, reading)
    return { reading, draft: { version: saved.version, status: saved.status } }
  }

  /**
   * Reads a filled template of the unit and round (refusals: 422 with the reason, from the reader);
   * with `form`, a template of another form is refused too. Nothing is stored.
   */
  async read(roundId: string, unitCode: string, data: Buffer, form?: SubmissionTarget['form']): Promise<FileReading> {
    const reading = await this.templates.readFile(roundId, unitCode, data)
    if (form && reading.form !== form)
      throw new AppError(
        422,
        'other_form',
        `这是“${getTemplate(reading.form).title}”的模板，不是“${getTemplate(form).title}”的，未读取`,
      )
    return reading
  }

  /** A reading's valid answers become the form's draft (none at all: 422 with `details`, nothing stored). */
  async keep(
    t: SubmissionTarget,
    answers: Record<string, unknown>,
    who: Author,
    details?: unknown,
  ): Promise<Submission> {
    if (Object.keys(answers).length === 0)
      throw new AppError(422, 'empty_file', '文件中没有可保存的填写内容，未保存', details)
    return this.submissions.saveDraft(t, answers, who)
  }
}
