import { parse } from 'csv-parse'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { AppError } from '../../errors.js'
import { overLimit, type TableLimits } from './table-limits.js'
import type { TableRecord } from './xlsx-records.js'

const CHUNK = 64 * 1024

/**
 * A CSV upload (UTF-8, with or without BOM) as records, within `limits`: the parser is fed 64 KB at a
 * time with a turn of the event loop between chunks; each chunk's separators are counted before the
 * parser sees it (a line of a million commas would otherwise become one record of a million fields);
 * each record is checked as it comes (cell length, cells, rows), and csv-parse's own record-size cap
 * stops a single endless cell from growing in its buffer. Row numbers count records from the header
 * (1), blank lines skipped.
 */
export async function readCsvRecords(data: Buffer, limits: TableLimits): Promise<TableRecord[]> {
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    max_record_size: limits.maxColumns * (limits.maxCellChars + 1),
  })
  const records: TableRecord[] = []
  let cells = 0
  let failure: Error | undefined
  parser.on('data', (fields: string[]) => {
    if (failure) return
    try {
      const row = records.length + 1
      let last = fields.length - 1
      while (last >= 0 && fields[last] === '') last--
      cells += fields.length
      if (cells > limits.maxCells) throw overLimit.cells(limits.maxCells)
      if (records.length > limits.maxRows) throw overLimit.rows(limits.maxRows)
      const long = fields.findIndex((f) => f.length > limits.maxCellChars)
      if (long >= 0) throw overLimit.cellChars(limits.maxCellChars, { row, column: long + 1 })
      records.push({ row, cells: fields.slice(0, last + 1) })
    } catch (err) {
      failure = err as Error
    }
  })
  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve)
    parser.on('error', (err) => {
      failure ??=
        (err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE'
          ? recordTooLong(limits, records.length + 1, Number((err as { column?: number }).column ?? 0))
          : err
      resolve()
    })
  })
  const fields = new FieldCounter(limits.maxColumns)
  for (let i = 0; i < data.length && !failure; i += CHUNK) {
    const chunk = data.subarray(i, i + CHUNK)
    const over = fields.scan(chunk)
    if (over) throw overLimit.columns(limits.maxColumns, over)
    parser.write(chunk)
    await nextTurn()
  }
  parser.end()
  if (!failure) await done
  if (failure instanceof AppError) throw failure
  if (failure) throw AppError.badRequest('CSV 文件无法解析，请检查格式（UTF-8，逗号分隔，第一行为表头）')
  return records
}

/** csv-parse stopped a line past its size cap while reading field `index` (0-based): a long cell, or too many full ones. */
function recordTooLong(limits: TableLimits, row: number, index: number): AppError {
  return index < limits.maxColumns
    ? overLimit.cellChars(limits.maxCellChars, { row, column: index + 1 })
    : overLimit.columns(limits.maxColumns, { row, column: index + 1 })
}

/**
 * Counts fields per line across chunks, outside double quotes (a quoted `"a,b"` is one field; `""`
 * inside quotes toggles twice). The bytes `"`, `,` and LF never occur inside a UTF-8 multi-byte
 * character, so raw bytes can be scanned. A CSV line may have at most maxColumns fields, empty or not.
 */
class FieldCounter {
  private quoted = false
  private fields = 1
  private line = 1
  private content = false
  constructor(private readonly max: number) {}

  /** The first place past the limit in this chunk, or undefined. */
  scan(chunk: Buffer): { row: number; column: number } | undefined {
    for (const b of chunk) {
      if (b === 0x22) this.quoted = !this.quoted
      else if (this.quoted) continue
      else if (b === 0x2c && ++this.fields > this.max) return { row: this.line, column: this.fields }
      else if (b === 0x0a) {
        if (this.content) this.line++
        this.fields = 1
        this.content = false
        continue
      }
      if (b !== 0x0d) this.content = true
    }
    return undefined
  }
}
