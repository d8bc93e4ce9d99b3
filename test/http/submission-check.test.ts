import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'

const staff = { by: 'test:S1', channel: 'admin' as const }

/** The submission service checks what it stores against the form's template itself: callers hand answers only. */
describe('SubmissionService.submit validates the answers against the template', () => {
  let f: ApiFixture
  let roundId: string
  beforeAll(async () => {
    f = await apiFixture('submission_check')
    roundId = await openRound(f)
  })
  afterAll(async () => f.close())

  it('refuses answers the template does not accept, naming each field (422)', async () => {
    const t = { roundId, unitCode: 'S1', form: 'disclosure' as const }
    await expect(
      f.c.services.submissions.submit(t, { departmentUrl: '不是网址', extra: 1 }, staff),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        fields: expect.arrayContaining([
          expect.objectContaining({ path: 'departmentUrl' }),
          { path: 'extra', message: '未知字段：extra' },
        ]),
      },
    })
    expect(await f.c.services.submissions.latest(t)).toBeNull()
  })

  it('stores the answers as the template parses them, with the values computed from them', async () => {
    const t = { roundId, unitCode: 'S1', form: 'disclosure' as const }
    const s = await f.c.services.submissions.submit(
      t,
      { departmentUrl: 'https://www.example.gov.cn/r', note: '\u200b与主管部门\u0001合并公开 ' },
      staff,
    )
    expect(s.answers).toEqual({ departmentUrl: 'https://www.example.gov.cn/r', note: '与主管部门合并公开' })
    expect(s.computed).toMatchObject({ timeProgress: 50, flagged: [] })
  })
})
