import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { MAX_SHEET_NAME, SheetNames, shortUnitName } from '../../src/services/exports/sheet-names.js'

/** What Excel accepts as a sheet name (it refuses the whole file otherwise). */
function valid(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= MAX_SHEET_NAME &&
    !/[[\]:*?/\\]/.test(name) &&
    !/^'|'$/.test(name) &&
    name.toLowerCase() !== 'history'
  )
}

describe('sheet names: readable, at most 31 characters, none of []:*?/\\, unique', () => {
  it('names a sheet by the table (or project) and the unit without its county', () => {
    const names = new SheetNames()
    expect(names.name(['汇总'])).toBe('汇总')
    expect(names.name(['部门整体表', shortUnitName('武定县农业农村局')])).toBe('部门整体表·农业农村局')
    expect(names.name(['校舍维修改造项目', shortUnitName('县第一中学')])).toBe('校舍维修改造项目·第一中学')
    // a second unit of the same short name in another county
    expect(names.name(['部门整体表', shortUnitName('禄劝县农业农村局')])).toBe('部门整体表·农业农村局~2')
  })

  it('shortens the project name, not the unit, to stay within 31 characters; forbidden characters become _', () => {
    const names = new SheetNames()
    const long = '2027年武定县农村公路养护及安全生命防护工程（第二批）中央补助项目'
    const name = names.name([long, '第一中学'])
    expect(name).toHaveLength(MAX_SHEET_NAME)
    expect(name.endsWith('·第一中学')).toBe(true)
    expect(name.startsWith('2027年武定县农村公路')).toBe(true)
    expect(names.name(['a/b:c*d?e[f]g\\h', 'x'])).toBe('a_b_c_d_e_f_g_h·x')
    // the 31-character name taken: the suffix replaces its end instead of growing it past 31
    const again = names.name([long, '第一中学'])
    expect(again).toHaveLength(MAX_SHEET_NAME)
    expect(again.endsWith('~2')).toBe(true)
  })

  it('tells names apart as Excel does: without regard to case, History reserved, no apostrophe at an end', () => {
    const names = new SheetNames()
    expect(names.name(['Roads'])).toBe('Roads')
    expect(names.name(['ROADS'])).toBe('ROADS~2')
    expect(names.name(['History'])).toBe('History~2')
    expect(names.name(["'引号'"])).toBe('引号')
    expect(names.name(['', '  '])).toBe('表')
  })

  it('gives any list of parts a valid name, each distinct from the others (property)', () => {
    const part = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('第一中学', '汇总', 'History', "'", '[a]', '部门整体表', '𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷'),
    )
    fc.assert(
      fc.property(fc.array(fc.array(part, { minLength: 1, maxLength: 3 }), { maxLength: 120 }), (lists) => {
        const names = new SheetNames()
        const out = lists.map((parts) => names.name(parts))
        expect(out.filter((n) => !valid(n))).toEqual([])
        // no lone surrogate left by a cut through a character outside the BMP
        expect(
          out.filter((n) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(n)),
        ).toEqual([])
        expect(new Set(out.map((n) => n.toLowerCase())).size).toBe(out.length)
      }),
      { numRuns: 200 },
    )
  })

  it('takes the county off a unit’s name only where a county begins it', () => {
    expect(shortUnitName('武定县农业农村局')).toBe('农业农村局')
    expect(shortUnitName('县第一中学')).toBe('第一中学')
    expect(shortUnitName('楚雄州武定县人民医院')).toBe('人民医院')
    expect(shortUnitName('市场监督管理局')).toBe('市场监督管理局')
    expect(shortUnitName('中共武定县委宣传部')).toBe('中共武定县委宣传部')
    expect(shortUnitName('武定县级机关')).toBe('武定县级机关')
    expect(shortUnitName('武定县局')).toBe('武定县局')
  })
})
