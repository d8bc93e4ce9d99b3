import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { roundModel } from '../../src/db/models/round.js'
import { unitModel } from '../../src/db/models/unit.js'
import type { AdminRole } from '../../src/domain/admin-token.js'
import { isLagging } from '../../src/domain/deviation.js'
import type { Unit } from '../../src/domain/types.js'
import { waitFor } from '../../fixtures/wait-for.js'
import { onTrackAnswers } from '../http/support/rounds.js'
import { haveChromium, openConsoleWorld, RESULTS, type ConsoleWorld } from './support/console-world.js'

if (!haveChromium)
  console.warn('test/console skipped: /usr/bin/chromium is missing (apt-get install -y chromium fonts-noto-cjk)')
const maybe = haveChromium ? describe : describe.skip

const COMMENT = '项目支出执行数与国库支付数不符，请核实后重新提交'

/**
 * The unit page and the review, in a real Chromium against the real service: a demo department files its
 * 部门整体支出 table with 项目支出 far behind time progress; the bureau opens it from the board, sees the
 * printed table with that line highlighted, returns it with a comment — which arrives in the unit's
 * WeChat group (mock puppet, through the outbox) — and the board and the version history say 已退回.
 * A viewer sees the same page without 通过 / 退回.
 */
maybe('console: unit page and review', () => {
  let w: ConsoleWorld
  let unit: Unit
  let roomId: string
  let secondary: Unit

  /**
   * Files the unit's 部门整体支出 table: 项目支出 at 30 % of its budget in 1-9月 (time progress 75 %), so
   * lagging; 基本支出 in full; every lagging line explained.
   */
  async function fileDepartmentTable(u: Unit, by: string): Promise<void> {
    if (!u.budget) throw new Error(`${u.code} has no department budget`)
    const target = { roundId: w.seed.roundId, unitCode: u.code, form: 'department' as const }
    const desc = (await w.h.c.api.mpForms.describe(target)) as Parameters<typeof onTrackAnswers>[0]
    const budgetOf = (l: { initial: number; adjusted?: number }) => l.adjusted ?? l.initial
    const budgets = {
      total: budgetOf(u.budget.total),
      basic: budgetOf(u.budget.basic),
      project: budgetOf(u.budget.project),
    }
    const projectDone = Math.round((budgets.project * 0.3) / 100) * 100
    const executed = {
      'funds.basic.executed': budgets.basic,
      'funds.project.executed': projectDone,
      'funds.total.executed': budgets.basic + projectDone,
    }
    const answers: Record<string, unknown> = { ...onTrackAnswers(desc), ...executed }
    for (const line of ['total', 'basic', 'project'] as const) {
      if (!isLagging(executed[`funds.${line}.executed`], budgets[line], { endMonth: 9, tolerance: 0 })) continue
      Object.assign(answers, {
        [`funds.${line}.dev.reasons`]: ['经费保障'],
        [`funds.${line}.dev.explanation`]: '上级资金8月底才下达',
        [`funds.${line}.dev.measures`]: '加快项目验收和资金拨付',
        [`funds.${line}.dev.likelihood`]: '有可能',
      })
    }
    await w.h.c.services.submissions.submit(target, answers, { by, channel: 'wechat' })
  }

  beforeAll(async () => {
    w = await openConsoleWorld('console-unit-review')
    // a secondary unit goes to its 主管部门 first in this round (a department, as 'unit' is, does not)
    await roundModel(w.db).updateOne({ _id: w.seed.roundId }, { $set: { departmentReview: true } })
    w.h.c.repos.rounds.forget(w.seed.roundId)
    // a department with project spending: its table has a 项目支出 line to fall behind
    const rows = await roundUnitModel(w.db).find({ roundId: w.seed.roundId, forms: 'project' }).lean()
    const found = await unitModel(w.db)
      .findOne({ kind: 'department', code: { $in: rows.map((r) => r.unitCode) } })
      .sort({ code: 1 })
      .lean<Unit>()
    if (!found?.budget) throw new Error('the demo county has no department with project spending')
    unit = found
    const clerk = w.h.mocker.createContact({ name: '部门会计' })
    const room = w.h.mocker.createRoom({ topic: `${unit.name}绩效群`, memberIdList: [w.h.botUser.id, clerk.id] })
    roomId = room.id
    await w.h.say(clerk, `绑定 ${await w.h.c.services.bindCodes.get(unit.code)}`, room)

    await fileDepartmentTable(unit, `wx:${clerk.id}`)
    const second = await unitModel(w.db).findOne({ kind: 'secondary' }).sort({ code: 1 }).lean<Unit>()
    if (!second?.parentCode) throw new Error('the demo county has no secondary unit')
    secondary = second
    await fileDepartmentTable(secondary, 'wx:secondary-clerk')
  }, 90_000)
  afterAll(async () => w?.close())

  async function signIn(role: AdminRole, name: string, unitCode?: string): Promise<Page> {
    const { token } = await w.h.c.api.tokens.create({ name, role, unitCode })
    const page = await w.page()
    // a missing element fails at its own line; generous, as the machine is shared (idle, a step takes < 1 s)
    page.setDefaultTimeout(15_000)
    await page.goto(`${w.base}/console/login`)
    await page.locator('input[type=password]').fill(token)
    await page.locator('[data-test=token-submit]').click()
    await page.locator('[data-test=units-table]').waitFor()
    return page
  }

  async function openFromBoard(page: Page, code = unit.code): Promise<void> {
    // the search reloads the table: click once its answer is in and painted (no loading mask), then wait for
    // the unit page itself, which reads four routes — bounded at 30 s for a shared machine under load
    const searched = page.waitForResponse((r) => r.url().includes('/board/units') && r.url().includes(`q=${code}`))
    await page.locator('[data-test=unit-search] input, input[data-test=unit-search]').first().fill(code)
    await searched
    await page.locator('[data-test=units-table] .el-loading-mask').waitFor({ state: 'detached' })
    await page.locator(`[data-test=open-${code}]`).click()
    await page.waitForURL(new RegExp(`/units/${code}$`))
    await page.locator('[data-test=form-department] [data-test=review-department]').waitFor({ timeout: 30_000 })
  }

  it('shows the printed table with the lagging line, returns it with a comment the group receives', async () => {
    const page = await signIn('bureau_admin', '绩效股')
    await openFromBoard(page)
    await expect(page.locator('[data-test=unit-title]').textContent()).resolves.toContain(unit.name)
    const lagging = page.locator('[data-test=form-department] [data-test=flagged-line]', { hasText: '项目支出' })
    await lagging.waitFor()
    await lagging.locator('.why').hover()
    await page.getByText('低于序时进度 75%').first().waitFor()
    await expect(page.locator('[data-test=unit-groups]').textContent()).resolves.toContain(`${unit.name}绩效群`)
    await page.screenshot({ path: join(RESULTS, 'unit-page.png'), fullPage: true })

    await page.locator('[data-test=review-department] [data-test=return]').click()
    await page.locator('textarea[data-test=return-comment], [data-test=return-comment] textarea').first().fill(COMMENT)
    await page.locator('[data-test=return-submit]').click()
    // the confirmation shows the comment before anything is sent
    await page.locator('.el-message-box').getByText(COMMENT).waitFor()
    await page.getByRole('button', { name: '确定退回' }).click()
    await page.getByText('已退回第 1 版，已在 1 个工作群通知单位。').waitFor()
    await page.locator('[data-test=review-department] [data-test=version-status]', { hasText: '已退回' }).waitFor()

    await waitFor(
      () => w.h.sent.some((s) => s.roomId === roomId && s.text.includes(COMMENT)),
      'the return comment in the unit group',
    )

    await page.getByRole('tab', { name: /版本记录/ }).click()
    const v1 = page.locator('[data-test=version-department-1]')
    await v1.waitFor()
    await expect(v1.textContent()).resolves.toMatch(/第 1 版[\s\S]*已退回[\s\S]*意见：/)
    await page.getByRole('tab', { name: /提醒与通知/ }).click()
    await page.locator('[data-test=unit-messages]').getByText('退回', { exact: true }).waitFor()

    await page.locator('[data-test=back]').click()
    await page.locator('[data-test=unit-search] input, input[data-test=unit-search]').first().fill(unit.code)
    await page
      .locator('[data-test=units-table] tr', { hasText: unit.code })
      .locator('.el-tag', { hasText: '已退回' })
      .waitFor()
  })

  it('shows a viewer the same page without 通过 or 退回', async () => {
    const page = await signIn('bureau_viewer', '查看员')
    await openFromBoard(page)
    await page.locator('[data-test=review-department] [data-test=version-status]').waitFor()
    expect(await page.locator('[data-test=return], [data-test=accept], [data-test=dept-accept]').count()).toBe(0)
  }, 90_000)

  it('lets the 主管部门 accept its unit first; the bureau then sees it awaiting its own review', async () => {
    const dept = secondary.parentCode ?? ''
    const page = await signIn('dept_reviewer', '部门审核员', dept)
    await openFromBoard(page, secondary.code)
    const bar = page.locator('[data-test=review-department]')
    await expect(bar.locator('[data-test=review-stage]').textContent()).resolves.toBe('待主管部门审核')
    expect(await bar.locator('[data-test=accept]').count()).toBe(0)
    await bar.locator('[data-test=dept-accept]').click()
    await page.locator('.el-message-box').getByRole('button', { name: '通过' }).click()
    await page.getByText('第 1 版已通过部门审核，待财政局审核。').waitFor()
    await bar.locator('[data-test=review-stage]', { hasText: '主管部门已审核通过' }).waitFor()
    expect(await bar.locator('[data-test=dept-accept]').count()).toBe(0)

    const bureau = await signIn('bureau_admin', '绩效股2')
    await openFromBoard(bureau, secondary.code)
    await bureau.locator('[data-test=review-department] [data-test=accept]').waitFor()
  }, 90_000)
})
