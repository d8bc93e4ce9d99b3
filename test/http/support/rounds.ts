import request from 'supertest'
import type { ApiFixture } from './api-fixture.js'

/** Creates and opens a 1-6月 round through the admin API; every seeded unit files the given forms. */
export async function openRound(f: ApiFixture, body: Record<string, unknown> = {}): Promise<string> {
  const auth = `Bearer ${f.tokens.admin}`
  const created = await request(f.app.callback())
    .post('/api/admin/rounds')
    .set('Authorization', auth)
    .send({
      title: `2027年1-6月监控${Math.random().toString(36).slice(2, 7)}`,
      year: 2027,
      endMonth: 6,
      dueDate: '2027-07-10',
      ...body,
    })
  if (created.status !== 200) throw new Error(`create round: ${created.status} ${JSON.stringify(created.body)}`)
  const opened = await request(f.app.callback())
    .post(`/api/admin/rounds/${created.body.id}/status`)
    .set('Authorization', auth)
    .send({ status: 'open' })
  if (opened.status !== 200) throw new Error(`open round: ${opened.status} ${JSON.stringify(opened.body)}`)
  return created.body.id as string
}

interface DescribedQuestion {
  path: string
  kind: string
  example?: string
  budgetFen?: number
  options?: string[]
  when?: unknown
}

/** Answers on track for every unconditional question of a form description (executed = budget, targets met). */
export function onTrackAnswers(description: { blocks: { questions: DescribedQuestion[] }[] }): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const q of description.blocks.flatMap((b) => b.questions)) {
    if (q.when) continue
    const num = Number.parseFloat(q.example ?? '1')
    const byKind: Record<string, unknown> = {
      money: q.budgetFen ?? 1_000_000,
      percent: num,
      number: num,
      integer: Math.round(num),
      text: '按计划推进，进展顺利',
      'yes-no': true,
      url: 'https://www.example.gov.cn/zwgk/report.html',
      date: q.example,
      choice: q.options?.[0],
      'multi-choice': q.options ? [q.options[0]] : [],
    }
    out[q.path] = byKind[q.kind]
  }
  return out
}
