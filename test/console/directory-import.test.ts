import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { unitModel } from '../../src/db/models/unit.js'
import { outboxModel } from '../../src/db/models/outbox-message.js'
import { waitFor } from '../../fixtures/wait-for.js'
import { haveChromium, openConsoleWorld, RESULTS, type ConsoleWorld } from './support/console-world.js'

if (!haveChromium)
  console.warn('test/console skipped: /usr/bin/chromium is missing (apt-get install -y chromium fonts-noto-cjk)')
const maybe = haveChromium ? describe : describe.skip

/**
 * The console's 运维/数据 pages in a real Chromium against the real service: a directory file previewed
 * (exactly what it adds and changes) then applied; a dead outbox message sent again from the page.
 */
maybe('console: directory import with preview, outbox revive', () => {
  let w: ConsoleWorld
  let token: string
  beforeAll(async () => {
    w = await openConsoleWorld('console-ops')
    token = (await w.h.c.api.tokens.create({ name: '绩效股', role: 'bureau_admin' })).token
  }, 60_000)
  afterAll(async () => w?.close())

  async function signedIn(path: string): Promise<Page> {
    const page = await w.page()
    await page.goto(`${w.base}/console/login`)
    await page.locator('input[type=password]').fill(token)
    await page.locator('[data-test=token-submit]').click()
    await page.locator('[data-test=units-table]').waitFor()
    await page.goto(`${w.base}/console${path}`)
    return page
  }

  it('previews exactly the added and the changed unit, applies after confirmation, and the directory has them', async () => {
    const old = await unitModel(w.db).findOne({ kind: 'secondary' }).sort({ code: 1 }).lean()
    if (!old?.parentCode) throw new Error('the demo county has no secondary unit')
    const csv = [
      '单位代码,单位名称,单位类型,主管部门代码,标签',
      `${old.code},${old.name}（更名）,二级单位,${old.parentCode},${old.tags.join('；')}`,
      `X901,新设服务中心,二级单位,${old.parentCode},`,
    ].join('\n')
    const stillOld = (old.contacts ?? []).length > 0 // the file has no contact columns: the preview says they go
    const page = await signedIn('/directory')
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '单位名录.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    const preview = page.locator('[data-test=directory-preview]')
    await preview.waitFor()
    const added = page.locator('[data-test=directory-added] tbody tr')
    const changed = page.locator('[data-test=directory-changed] tbody tr')
    await expect(added.count()).resolves.toBe(1)
    await expect(added.first().textContent()).resolves.toContain('X901')
    await expect(added.first().textContent()).resolves.toContain('新设服务中心')
    await expect(changed.count()).resolves.toBe(1)
    const change = (await changed.first().textContent()) ?? ''
    expect(change).toContain(old.code)
    expect(change).toContain(`单位名称：${old.name} → ${old.name}（更名）`)
    if (stillOld) expect(change).toContain('联系人')
    await page.screenshot({ path: join(RESULTS, 'console-directory-preview.png'), fullPage: true })
    // nothing was written by the preview
    expect(await unitModel(w.db).exists({ code: 'X901' })).toBeNull()

    await page.locator('[data-test=directory-apply]').click()
    await page.getByRole('button', { name: '应用', exact: true }).last().click()
    await page.locator('[data-test=directory-result]').getByText('新增 1 个单位，更新 1 个单位').waitFor()
    await page.screenshot({ path: join(RESULTS, 'console-directory-applied.png'), fullPage: true })

    const res = await fetch(`${w.base}/api/admin/units?parentCode=${old.parentCode}&limit=1000`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    const { units } = (await res.json()) as { units: { code: string; name: string }[] }
    expect(units.find((u) => u.code === 'X901')?.name).toBe('新设服务中心')
    expect(units.find((u) => u.code === old.code)?.name).toBe(`${old.name}（更名）`)
  })

  it('sends a dead outbox message again from the page: it becomes pending', async () => {
    const key = 'console-ops:dead:1'
    await w.h.c.outbox.enqueue({
      key,
      target: { channel: 'email', to: ['caiwu@unit.example.gov.cn'] },
      text: '【催报】请于 7 月 10 日前报送项目支出绩效目标执行监控表。',
      subject: '催报',
      priority: 2,
    })
    // e-mail is not delivered in this world, so the revived message stays pending for the assertion
    await outboxModel(w.db).updateOne({ key }, { $set: { state: 'dead', attempts: 5, lastError: '451 mailbox busy' } })
    const page = await signedIn('/outbox')
    const row = page.locator('[data-test=dead-messages] tbody tr', { hasText: 'caiwu@unit.example.gov.cn' })
    await row.waitFor()
    await expect(row.textContent()).resolves.toContain('451 mailbox busy')
    await page.screenshot({ path: join(RESULTS, 'console-outbox.png'), fullPage: true })
    await page.locator(`[data-test="revive-${key}"]`).click()
    await page.getByRole('button', { name: '重新发送', exact: true }).last().click()
    await page.getByText('已重新排队发送 1 条消息。').waitFor()
    await waitFor(async () => (await w.h.c.outbox.findByKey(key))?.state === 'pending', 'the message pending again')
    expect(await w.h.c.outbox.findByKey(key)).toMatchObject({ state: 'pending', attempts: 0 })
    await page.locator('[data-test=dead-messages]').getByText('没有发送失败的消息').waitFor()
  })

  it('enters a 调休 working day on the calendar and removes it again, each after a confirmation', async () => {
    const page = await signedIn('/calendar')
    await page.locator('[data-test=calendar-days]').waitFor()
    const year = Number(await page.locator('[data-test=calendar-year] input').inputValue())
    const date = `${year}-10-11`
    await page.locator(`[data-test="day-${date}"]`).click()
    await page.getByRole('dialog').getByText('调休上班').click()
    await page.getByRole('dialog').getByPlaceholder('如 国庆节').fill('国庆调休')
    await page.locator('[data-test=calendar-save]').click()
    await page.getByRole('button', { name: '确定', exact: true }).last().click()
    await page.getByText(`已将 ${date} 设为调休上班（国庆调休）。`).waitFor()
    await page.locator('[data-test=calendar-days] tbody tr', { hasText: date }).waitFor()
    expect((await w.h.c.api.calendar.year(year)).days).toEqual([{ date, work: true, name: '国庆调休' }])
    await page.screenshot({ path: join(RESULTS, 'console-calendar.png'), fullPage: true })

    await page
      .locator('[data-test=calendar-days] tbody tr', { hasText: date })
      .getByRole('button', { name: '删除' })
      .click()
    await page.getByRole('button', { name: '删除', exact: true }).last().click()
    await page.getByText(`已删除 ${date} 的录入。`).waitFor()
    expect((await w.h.c.api.calendar.year(year)).days).toEqual([])
  })

  it('downloads an export with the file name the server gives, and shows the bot’s state', async () => {
    const page = await signedIn('/exports')
    await page.locator('[data-test=export-project]').waitFor()
    const download = page.waitForEvent('download')
    await page.locator('[data-test=export-project]').click()
    expect((await download).suggestedFilename()).toMatch(/^project-\d{4}-\d+\.xlsx$/)
    await page.screenshot({ path: join(RESULTS, 'console-exports.png'), fullPage: true })

    await page.goto(`${w.base}/console/bot`)
    await page.locator('[data-test=bot-status-default]').getByText('已登录').waitFor()
    await page.screenshot({ path: join(RESULTS, 'console-bot.png'), fullPage: true })
  })
})
