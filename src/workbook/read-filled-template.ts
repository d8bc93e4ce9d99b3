import ExcelJS from 'exceljs'
import { FORM_CODES, type FormCode } from '../domain/types.js'
import { AppError } from '../errors.js'
import { computeValues } from '../forms/compute.js'
import type { FormContext } from '../forms/context.js'
import { expandForm } from '../forms/expand.js'
import { kindOf } from '../forms/kinds/index.js'
import { compact } from '../forms/parse/normalize.js'
import type { ParseOutcome, Question } from '../forms/question.js'
import { getTemplate } from '../forms/templates/index.js'
import { validateDraft } from '../forms/validate.js'
import { ZipEntries, ZipError } from '../services/spreadsheets/zip-entries.js'
import { cellText } from './cell-text.js'
import { missingAnswers, summarise, type CellError, type FileReading } from './file-reading.js'
import { KEY_COLUMN, LAYOUT_VERSION, readIds, type CellRef } from './template-ids.js'

export interface ReadExpectation {
  unitCode: string
  roundId: string
  /** the form's context for this unit and round, once the file says which form it is */
  context(form: FormCode): Promise<FormContext>
}

/** A template unzips to a few hundred KB even for dozens of projects; anything past this is not one. */
const MAX_UNZIPPED = 10 * 1024 * 1024

const refuse = (code: string, message: string) => new AppError(422, code, message)

async function open(data: Buffer): Promise<ExcelJS.Workbook> {
  const notExcel = refuse('not_template', '文件无法打开：请上传从天宝下载、用 Excel 填好并保存的 .xlsx 模板')
  try {
    // exceljs inflates everything: refuse a zip that unpacks into more than a template ever is
    const zip = ZipEntries.open(data)
    let budget = MAX_UNZIPPED
    for (const name of zip.names()) budget -= (await zip.bytes(name, budget))?.length ?? 0
  } catch (err) {
    if (err instanceof ZipError && err.reason === 'too_large')
      throw refuse(
        'not_template',
        `文件解压后超过 ${MAX_UNZIPPED / 1024 / 1024} MB，不是天宝的填报模板：请上传下载的模板`,
      )
    throw notExcel
  }
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer)
  } catch {
    throw notExcel
  }
  return wb
}

/**
 * Reads a filled fill-in template (build-fill-template.ts) with the chat's own parsers, validation and
 * deviation rules. Refused with the reason (422) when the file is no template, or is another unit's,
 * another round's, or an older template or layout. Every cell that cannot be read is an error with its
 * place ("项目2 第5行 1-9月执行数"); the answers returned are the valid ones only.
 */
export async function readFilledTemplate(data: Buffer, expect: ReadExpectation): Promise<FileReading> {
  const wb = await open(data)
  const meta = readIds(wb)
  if (!meta) throw refuse('not_template', '这不是天宝的填报模板（没有模板标识）：请先下载本单位的模板，填好后再上传')
  const { ids, cells } = meta
  if (ids.unitCode !== expect.unitCode)
    throw refuse('other_unit', `这是单位 ${ids.unitCode ?? '?'} 的模板，不是本单位（${expect.unitCode}）的，未读取`)
  if (ids.roundId !== expect.roundId)
    throw refuse('other_round', '这是另一填报轮次的模板，未读取：请下载本轮的模板后填写')
  const form = FORM_CODES.find((f) => f === ids.form)
  if (!form) throw refuse('not_template', '模板标识不完整，未读取：请重新下载模板')
  const template = getTemplate(form)
  if (ids.templateId !== template.id || Number(ids.layoutVersion) !== LAYOUT_VERSION)
    throw refuse(
      'old_template',
      `模板已更新（文件为 ${ids.templateId ?? '?'}，当前为 ${template.id}），未读取：请重新下载模板后填写`,
    )
  const ctx = await expect.context(form)
  const x = expandForm(template, ctx)
  const errors: CellError[] = []
  const given: Record<string, unknown> = {}
  const where = new Map<string, CellError>()
  const rowsOf = rowIndex(wb)
  for (const ref of cells) {
    const ws = wb.getWorksheet(ref.sheet)
    const row = rowsOf(ref.sheet).get(ref.row)
    const scope = ref.sheet.split(' ')[0]
    const at = (r: number | undefined): CellError => ({
      sheet: ref.sheet,
      cell: r ? `${ref.col}${r}` : ref.col,
      where: r ? `${scope} 第${r}行 ${ref.label}` : `${scope} ${ref.label}`,
      path: ref.path,
      message: '',
    })
    if (!ws || row === undefined) {
      errors.push({
        ...at(undefined),
        message: ws ? '找不到这一行：请勿删除模板中的行' : `找不到工作表“${ref.sheet}”：请勿改名或删除`,
      })
      continue
    }
    const place = at(row)
    where.set(ref.path, place)
    const q = x.shared.has(ref.path) ? undefined : x.byPath.get(ref.path)
    if (!q) {
      errors.push({ ...place, message: '本表已没有这一项（项目或指标有变动）：请重新下载模板' })
      continue
    }
    const t = cellText(ws.getCell(`${ref.col}${row}`))
    if (t.kind === 'blank') continue
    if (t.kind === 'error') {
      errors.push({ ...place, message: t.message })
      continue
    }
    const r = parseCell(t.text, q, moneyUnit(ws, ref, rowsOf(ref.sheet)))
    if (r.ok === true) given[ref.path] = r.value
    else errors.push({ ...place, message: r.ok === false ? r.error : unsure(r.options.map((o) => o.label)) })
  }
  // the chat's own checks: kinds' schemas, 合计 = 各项之和, 全年预计 ≥ 已执行
  const checked = validateDraft(template, ctx, given)
  for (const e of checked.errors) {
    const place = where.get(e.path)
    errors.push(
      place
        ? { ...place, message: e.message }
        : { sheet: '', cell: '', where: x.byPath.get(e.path)?.label ?? e.path, path: e.path, message: e.message },
    )
  }
  const bad = new Set(errors.map((e) => e.path).filter((p): p is string => Boolean(p)))
  const answers = Object.fromEntries(Object.entries(checked.answers).filter(([p]) => !bad.has(p)))
  const computed = computeValues(template, ctx, answers)
  return {
    unitCode: ctx.unit.code,
    roundId: expect.roundId,
    form,
    templateId: template.id,
    answers,
    errors,
    timeProgress: computed.timeProgress,
    read: summarise(x, computed, ctx.unit.name),
    missing: missingAnswers(x, computed, answers),
  }
}

/** Row key ("r12", in the hidden key column) → the row's number in this file, per sheet. */
function rowIndex(wb: ExcelJS.Workbook): (sheet: string) => Map<string, number> {
  const cache = new Map<string, Map<string, number>>()
  return (sheet) => {
    const hit = cache.get(sheet)
    if (hit) return hit
    const m = new Map<string, number>()
    wb.getWorksheet(sheet)?.eachRow((row, n) => {
      const v = row.getCell(KEY_COLUMN).value
      if (typeof v === 'string' && /^r\d+$/.test(v) && !m.has(v)) m.set(v, n)
    })
    cache.set(sheet, m)
    return m
  }
}

/** 万元 unless the money column's header says 元 (a clerk's own header "金额（元）"). */
function moneyUnit(ws: ExcelJS.Worksheet, ref: CellRef, rows: Map<string, number>): '万元' | '元' {
  const n = ref.unit ? rows.get(ref.unit.row) : undefined
  if (!ref.unit || n === undefined) return '万元'
  const t = cellText(ws.getCell(`${ref.unit.col}${n}`))
  if (t.kind !== 'text' || t.text.includes('万元')) return '万元'
  return t.text.includes('元') ? '元' : '万元'
}

/**
 * The chat's parser for the question's kind. A bare number in a money cell takes the header's unit
 * ("15.3" under 万元 is 15.3万元), so the chat's 元-or-万元 question never arises; "150000元" and "15万"
 * say their own unit.
 */
function parseCell(text: string, q: Question, unit: '万元' | '元'): ParseOutcome {
  if (q.kind === 'date' && /^\d{5}$/.test(text)) return kindOf('date').parse(serialDay(Number(text)), q)
  if (q.kind !== 'money') return kindOf(q.kind).parse(text, q)
  // bare: digits only ("15.3", "1,500", "１５"), as parseMoney means it — but up to 6 decimals in 万元
  const bare = /^[\d,]+(\.\d+)?$/.test(compact(text))
  const asTyped = bare && unit === '万元' ? `${compact(text)}万` : text
  return kindOf('money').parse(asTyped, { ...q, budgetFen: undefined })
}

/** A date typed into a cell without a date format stays Excel's day number: 46691 → "2027-10-31". */
function serialDay(n: number): string {
  return new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10)
}

/** The chat asks "是 0.5% 还是 50%？请回复 1 或 2"; a file cannot answer, so the cell must say it. */
function unsure(labels: string[]): string {
  return `无法确定是 ${labels.join(' 还是 ')}：请在单元格中写明，例如“${labels[labels.length - 1]}”`
}
