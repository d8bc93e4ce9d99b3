import { AppError } from '../../errors.js'

/**
 * Bounds on an imported table (CSV or XLSX), from config (IMPORT_MAX_*). They are checked while the
 * file is read, cell by cell, so a hostile file is refused after reading at most the limit, never
 * after materialising what it claims (one cell at XFD1 used to mean 16,384 cells per row).
 */
export interface TableLimits {
  /** data rows (the header row not counted) */
  maxRows: number
  /** the last column with content */
  maxColumns: number
  /** characters in one cell */
  maxCellChars: number
  /** cells read in total (empty cells in the XML included: they are work too) */
  maxCells: number
  /** bytes of XML one XLSX may unpack to (a 5 MB zip can unpack to gigabytes) */
  maxUnzippedBytes: number
}

/** A position in the file for messages: row 1 is the header; column 1 is A. */
export interface CellAt {
  row: number
  column: number
}

/** A1-style column letters: 1 → A, 16384 → XFD. */
export function columnLetters(column: number): string {
  let s = ''
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

const at = (c: CellAt) => `第 ${c.row} 行 ${columnLetters(c.column)} 列`

/** The 400 for a file past a limit: the message names the limit, details carry it for programs. */
export const overLimit = {
  rows: (max: number) =>
    AppError.badRequest(`文件超出导入上限：数据行超过 ${max} 行，请分成几个文件导入`, { limit: 'rows', max }),
  columns: (max: number, c: CellAt) =>
    AppError.badRequest(
      `文件超出导入上限：最多 ${max} 列，第 ${c.row} 行用到了第 ${c.column} 列（${columnLetters(c.column)} 列）`,
      { limit: 'columns', max, ...c },
    ),
  cellChars: (max: number, c: CellAt) =>
    AppError.badRequest(`文件超出导入上限：${at(c)}超过 ${max} 字`, { limit: 'cellChars', max, ...c }),
  cells: (max: number) => AppError.badRequest(`文件超出导入上限：单元格超过 ${max} 个`, { limit: 'cells', max }),
  unzipped: (max: number) =>
    AppError.badRequest(`XLSX 文件解压后超过 ${Math.round(max / 1024 / 1024)} MB，超出导入上限`, {
      limit: 'unzippedBytes',
      max,
    }),
}
