import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigError } from '../../src/config.js'
import {
  loadPlatformMapping,
  PlatformMappingError,
  SHIPPED_PLATFORM_MAPPING,
} from '../../src/services/platform/load-platform-mapping.js'
import { headerKey } from '../../src/services/platform/platform-header.js'
import { fenToUnit, moneyToFen } from '../../src/services/platform/platform-money.js'

const dir = mkdtempSync(path.join(tmpdir(), 'platform-mapping-'))
const shipped = readFileSync(SHIPPED_PLATFORM_MAPPING, 'utf8')

/** The shipped file with one edit, written to a file of its own. */
function variant(name: string, edit: (yaml: string) => string): string {
  const file = path.join(dir, name)
  writeFileSync(file, edit(shipped))
  return file
}

function refusal(file: string): string {
  try {
    loadPlatformMapping(file)
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformMappingError)
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error(`accepted ${file}`)
}

describe('platform mapping files', () => {
  it('the shipped mapping validates, with every layout and the money units of its columns', () => {
    const m = loadPlatformMapping()
    expect(m).toMatchObject({ province: '云南省', version: '2024' })
    expect(Object.keys(m.layouts).sort()).toEqual(
      ['budgetExport', 'departmentImport', 'indicatorExport', 'projectImport', 'statusExport'].sort(),
    )
    const initial = m.layouts.budgetExport?.columns.find((c) => c.field === 'budgetInitial')
    expect(initial).toMatchObject({ header: '年初预算数', group: '预算执行情况', unit: '万元' })
    expect(m.layouts.statusExport?.enteredStatuses).toEqual(expect.arrayContaining(['待审核', '审核通过']))
    // a text column has no unit; a money column without one is in 元
    expect(m.layouts.projectImport?.columns.find((c) => c.field === 'projectName')?.unit).toBeUndefined()
  })

  it.each([
    [
      'bad-1.yaml: a unit on a text column',
      (y: string) =>
        y.replace(
          '{ field: unitName, header: 单位名称, required: false }',
          '{ field: unitName, header: 单位名称, unit: 万元 }',
        ),
      /bad-1\.yaml: layouts\.budgetExport\.columns\.1\.unit: unit is only for money fields/,
    ],
    [
      'bad-2.yaml: a field outside the vocabulary',
      (y: string) =>
        y.replace(
          'field: projectCode, header: 项目代码, aliases: [项目编码] }',
          'field: projectNumber, header: 项目代码 }',
        ),
      /bad-2\.yaml: layouts\.budgetExport\.columns\.2\.field: /,
    ],
    [
      'bad-3.yaml: a layout without its key column',
      (y: string) => y.replace('      - { field: indicatorL3Code, header: 三级指标代码 }\n', ''),
      /bad-3\.yaml: layouts\.projectImport\.columns: projectImport needs a indicatorL3Code column/,
    ],
    ['bad-4.yaml: not YAML at all', () => 'layouts: [unclosed', /bad-4\.yaml: not valid YAML/],
  ])('%s is refused with one line naming the file, the place and the problem', (what, edit, expected) => {
    const message = refusal(variant(what.split(':')[0], edit))
    expect(message).toMatch(expected)
    expect(message).toMatch(/^platform mapping /)
    expect(message).not.toContain('\n')
  })

  it('a missing file is refused with its name', () => {
    expect(refusal(path.join(dir, 'nowhere.yaml'))).toMatch(/nowhere\.yaml: cannot be read \(ENOENT\)/)
  })

  it('a bad PLATFORM_MAPPING stops start-up with that one line, before the database is opened', async () => {
    const bad = variant('bad-start.yaml', (y) => y.replace('unit: 万元 }', 'unit: 千元 }'))
    const { code, err } = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          NODE_OPTIONS: '',
          ROLES: 'api',
          PORT: '0',
          HOST: '127.0.0.1',
          // unreachable: a start that got past the mapping would hang on it, not exit at once
          MONGODB_URI: 'mongodb://127.0.0.1:1/never',
          LOG_LEVEL: 'silent',
          PLATFORM_MAPPING: bad,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
      let text = ''
      child.stderr.on('data', (d: Buffer) => (text += d.toString()))
      const timer = setTimeout(() => process.kill(-(child.pid ?? 0), 'SIGKILL'), 30_000)
      child.on('exit', (c) => {
        clearTimeout(timer)
        resolve({ code: c, err: text })
      })
    })
    expect(code).toBe(1)
    expect(err.trim().split('\n')).toEqual([
      expect.stringMatching(/^tianbao: platform mapping .*bad-start\.yaml: layouts\.budgetExport\.columns\.5\.unit: /),
    ])
  }, 40_000)
})

describe('platform money and headers', () => {
  it.each([
    ['142.153', '万元', 142_153_000],
    ['1,421,530', '元', 142_153_000],
    ['142.15300000000002', '万元', 142_153_000],
    ['0.000001', '万元', 1],
    ['-5', '万元', -5_000_000],
    ['12.34', '元', 1234],
    ['1.234', '元', null],
    ['0.0000001', '万元', null],
    ['12万', '万元', null],
    ['', '元', null],
  ] as const)('%s %s → %s 分', (text, unit, fen) => {
    expect(moneyToFen(text, unit)).toBe(fen)
  })

  it('writes the exact amount in the column unit', () => {
    expect(fenToUnit(142_153_000, '万元')).toBe(142.153)
    expect(fenToUnit(142_153_001, '元')).toBe(1421530.01)
  })

  it('reads a unit out of a header, full-width or not', () => {
    expect(headerKey(' 年初预算（万元）')).toEqual({ name: '年初预算', unit: '万元' })
    expect(headerKey('执行数(元)')).toEqual({ name: '执行数', unit: '元' })
    expect(headerKey('预算执行率（%）')).toEqual({ name: '预算执行率', unit: undefined })
    expect(headerKey('项目 代码')).toEqual({ name: '项目代码' })
  })
})
