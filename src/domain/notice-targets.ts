/**
 * Who a notice is for. 'departments' means every unit that is not a township (主管部门 and their
 * 二级部门: the county's usual 部门 / 乡镇 split); 'tag' matches a unit tag such as "教育口";
 * 'units' lists unit codes.
 */
export type NoticeTargets =
  | { kind: 'all' }
  | { kind: 'townships' }
  | { kind: 'departments' }
  | { kind: 'tag'; tag: string }
  | { kind: 'units'; codes: string[] }

/** A short Chinese label for replies and listings: "全部单位", "乡镇", "标签「教育口」", "3 个指定单位". */
export function describeTargets(t: NoticeTargets): string {
  switch (t.kind) {
    case 'all':
      return '全部单位'
    case 'townships':
      return '乡镇'
    case 'departments':
      return '部门'
    case 'tag':
      return `标签「${t.tag}」`
    case 'units':
      return `${t.codes.length} 个指定单位`
  }
}
