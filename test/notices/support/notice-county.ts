import { bindingModel } from '../../../src/db/models/binding.js'
import { noticeModel } from '../../../src/db/models/notice.js'
import { apiFixture, type ApiFixture } from '../../http/support/api-fixture.js'

/**
 * The small seeded county of the notice API tests (D1 ← S1, D2 ← S2, T1 township) with its groups:
 * D1 and T1 have their own groups, S1's member sits in a shared group, D2 and S2 have no group.
 */
export async function noticeCounty(dbName: string): Promise<ApiFixture> {
  const f = await apiFixture(dbName)
  await Promise.all([bindingModel(f.db).init(), noticeModel(f.db).init()])
  const at = f.c.clock.now()
  await bindingModel(f.db).insertMany([
    { kind: 'unit-room', account: 'default', roomId: 'R-D1', roomTopic: '教体局财务群', unitCode: 'D1', boundAt: at },
    { kind: 'unit-room', account: 'default', roomId: 'R-T1', roomTopic: '城关镇财务群', unitCode: 'T1', boundAt: at },
    { kind: 'shared-room', account: 'default', roomId: 'R-SH', roomTopic: '部门绩效工作群', boundAt: at },
    {
      kind: 'member',
      account: 'default',
      roomId: 'R-SH',
      roomTopic: '部门绩效工作群',
      unitCode: 'S1',
      memberId: 'm-s1',
      memberName: '一中会计',
      boundAt: at,
    },
  ])
  return f
}
