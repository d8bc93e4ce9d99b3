import type { DirectoryUnit, NoticeTargets } from '../../api/notices'

export type TargetMode = 'all' | 'townships' | 'departments' | 'tag' | 'units'

export interface TargetChoice {
  mode: TargetMode
  /** townships, 主管部门 or units picked, by code */
  codes: string[]
  tag: string
}

/**
 * The API's targets for what was picked, or null while the choice is incomplete. A 主管部门 stands for
 * itself and its 二级单位; picked townships, departments and units all go as unit codes, so the notice
 * reaches exactly the units the preview counted.
 */
export function targetsOf(c: TargetChoice, units: readonly DirectoryUnit[]): NoticeTargets | null {
  switch (c.mode) {
    case 'all':
      return { kind: 'all' }
    case 'tag':
      return c.tag ? { kind: 'tag', tag: c.tag } : null
    case 'departments': {
      if (!c.codes.length) return null
      const picked = new Set(c.codes)
      const codes = units.filter((u) => picked.has(u.code) || (u.parentCode && picked.has(u.parentCode)))
      return { kind: 'units', codes: codes.map((u) => u.code) }
    }
    case 'townships':
    case 'units':
      return c.codes.length ? { kind: 'units', codes: [...c.codes] } : null
  }
}

/** The units a picker offers for a mode. */
export function choicesFor(mode: TargetMode, units: readonly DirectoryUnit[]): DirectoryUnit[] {
  if (mode === 'townships') return units.filter((u) => u.kind === 'township')
  if (mode === 'departments') return units.filter((u) => u.kind === 'department')
  return [...units]
}

/** Every tag of the directory, sorted. */
export function tagsOf(units: readonly DirectoryUnit[]): string[] {
  return [...new Set(units.flatMap((u) => u.tags))].sort((a, b) => a.localeCompare(b, 'zh-CN'))
}
