import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { unitModel } from '../../src/db/models/unit.js'
import type { AdminRole } from '../../src/domain/admin-token.js'
import { waitFor } from '../../fixtures/wait-for.js'
import { haveChromium, openConsoleWorld, RESULTS, type ConsoleWorld } from './support/console-world.js'

if (!haveChromium)
  console.warn('test/console skipped: /usr/bin/chromium is missing (apt-get install -y chromium fonts-noto-cjk)')
const maybe = haveChromium ? describe : describe.skip

/**
 * The notices page in a real Chromium: the bureau composes a notice to two townships of the demo county
 * (one with a bound WeChat group, one without), sees the API's preview before sending, confirms, and
 * watches the board: the notice lands in the township's simulated group, the township answers 收到 there,
 * and the board shows who acknowledged without a reload. A viewer sees the list and the board, no buttons.
 */
maybe('console: notices and the live acknowledgement board', () => {
  let w: ConsoleWorld
  beforeAll(async () => {
    w = await openConsoleWorld('console-notices')
  }, 60_000)
  afterAll(async () => w?.close())

  /** Signed in and on the notices page; `timezoneId` sets the browser's own zone (not the county's). */
  async function signIn(name: string, role: AdminRole, timezoneId?: string): Promise<Page> {
    const { token } = await w.h.c.api.tokens.create({ name, role })
    const page = timezoneId
      ? await (
          await w.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId })
        ).newPage()
      : await w.page()
    page.setDefaultTimeout(8000) // a missing element fails its step, not the whole test's time
    await page.goto(`${w.base}/console/login`)
    await page.locator('input[type=password]').fill(token)
    await page.locator('[data-test=token-submit]').click()
    await page.locator('[data-test=who]').getByText(name).waitFor()
    // the board, where sign-in lands, settles its round in the address first (a replace that would undo a
    // click on the menu made before it)
    await page.locator('[data-test=units-table]').waitFor()
    await page.locator('[data-test=nav-notices]').click()
    await page.locator('[data-test=notices-table]').waitFor()
    return page
  }

  it('previews, sends to a township group, and shows its 收到 live', async () => {
    const [bound, unbound] = await unitModel(w.db).find({ kind: 'township' }).sort({ code: 1 }).limit(2).lean()
    if (!bound || !unbound) throw new Error('the demo county has fewer than two townships')
    const clerk = w.h.mocker.createContact({ name: '镇财政所王会计' })
    const room = w.h.mocker.createRoom({ topic: `${bound.name}工作群`, memberIdList: [w.h.botUser.id, clerk.id] })
    await w.h.say(clerk, `绑定 ${await w.h.c.services.bindCodes.get(bound.code)}`, room)
    const title = '关于报送三季度绩效监控表的通知'

    const page = await signIn('绩效股', 'bureau_admin')
    await page.locator('[data-test=compose]').click()
    // Element Plus puts the attribute on the input itself or on its wrapper, depending on the component
    const field = (name: string, tag: string) =>
      page.locator(`[data-test=${name}] ${tag}, ${tag}[data-test=${name}]`).first()
    await field('notice-title', 'input').fill(title)
    await field('notice-body', 'textarea').fill('请于本周五前通过小程序报送。')
    await page.locator('[data-test=mode-townships]').click()
    await page.locator('[data-test=target-units]').click()
    await page.locator(`[data-test=opt-${bound.code}]`).click()
    await page.locator(`[data-test=opt-${unbound.code}]`).click()
    await page.locator('.el-dialog__title').click() // closes the dropdown, which covers the fields below it

    const expected = await w.h.c.api.notices.preview({ kind: 'units', codes: [bound.code, unbound.code] })
    expect(expected).toMatchObject({ units: 2, groups: 1, noGroup: [{ unitCode: unbound.code }] })
    await page.locator('[data-test=preview-units]').getByText(String(expected.units), { exact: true }).waitFor()
    expect(await page.locator('[data-test=preview-groups]').textContent()).toBe(String(expected.groups))
    expect(await page.locator('[data-test=preview-no-group]').textContent()).toBe(String(expected.noGroup.length))
    expect(await page.locator('[data-test=preview-no-group-names]').textContent()).toContain(unbound.name)
    await page.screenshot({ path: join(RESULTS, 'notice-compose.png') })

    await page.locator('[data-test=notice-send]').click()
    const confirm = page.locator('.el-message-box')
    await confirm.getByText(`将立即向 1 个群发送《${title}》`).waitFor()
    await confirm.getByText(unbound.name).waitFor()
    await confirm.getByRole('button', { name: '确定发送' }).click()
    await page.getByText(`通知《${title}》已提交：1 个群。`).waitFor()

    // the board of the new notice, until 收到 arrives in the group
    await page.locator(`[data-test=silent-${bound.code}]`).waitFor()
    expect(await page.locator(`[data-test=delivery-${unbound.code}]`).textContent()).toContain('无绑定群')
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }))
    await waitFor(
      // the text @mentions the township's finance contact first
      () => w.h.sent.some((s) => s.roomId === room.id && s.text.includes(`【通知】${title}`)),
      'the notice in the township group',
    )
    await w.h.say(clerk, '收到', room)

    await page.locator(`[data-test=ack-${bound.code}]`).getByText('镇财政所王会计').waitFor()
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true) // no reload
    expect(await page.locator('[data-test=count-acknowledged]').textContent()).toBe('1')
    expect(await page.locator(`[data-test=delivery-${bound.code}]`).textContent()).toContain('已送达')
    await page.screenshot({ path: join(RESULTS, 'notice-board.png'), fullPage: true })

    await page.locator('[data-test=filter-silent]').click()
    await page.locator(`[data-test=silent-${unbound.code}]`).waitFor()
    expect(await page.locator(`[data-test=ack-${bound.code}]`).count()).toBe(0)
  })

  it('shows a viewer the list and the board without compose or re-send buttons', async () => {
    const n = await w.h.c.api.notices.create(
      { title: '查看者可见的通知', body: '正文', targets: { kind: 'townships' } },
      { kind: 'admin', name: 'test' },
    )
    const page = await signIn('局领导', 'bureau_viewer')
    await page.locator(`[data-test=acks-${n.id}]`).getByText(`0/${n.units}`).waitFor()
    expect(await page.locator('[data-test=compose]').count()).toBe(0)
    await page.screenshot({ path: join(RESULTS, 'notices.png') })
    await page.locator(`[data-test=notice-${n.id}]`).click()
    await page.locator('[data-test=ack-table]').waitFor()
    expect(await page.locator('[data-test=notice-board-title]').textContent()).toBe('查看者可见的通知')
    expect(await page.locator('[data-test=resend]').count()).toBe(0)
  })

  it('lets the bureau admin remind the units that have not answered 收到', async () => {
    const township = (await unitModel(w.db).find({ kind: 'township' }).sort({ code: 1 }).skip(2).limit(1).lean())[0]
    if (!township) throw new Error('the demo county has fewer than three townships')
    const clerk = w.h.mocker.createContact({ name: '镇财政所李会计' })
    const room = w.h.mocker.createRoom({ topic: `${township.name}群`, memberIdList: [w.h.botUser.id, clerk.id] })
    await w.h.say(clerk, `绑定 ${await w.h.c.services.bindCodes.get(township.code)}`, room)
    const n = await w.h.c.api.notices.create(
      { title: '请核对单位联系人', body: '正文', targets: { kind: 'units', codes: [township.code] } },
      { kind: 'admin', name: 'test' },
    )
    await waitFor(
      async () => (await w.h.c.api.notices.status((await w.h.c.api.notices.get(n.id))!)).counts.delivered === 1,
      'the notice delivered',
    )

    const page = await signIn('绩效股2', 'bureau_admin')
    await page.goto(`${w.base}/console/notices/${n.id}`)
    await page.locator('[data-test=resend]').click()
    await page.locator('.el-message-box').getByRole('button', { name: '发送提醒' }).click()
    await page.getByText('已向 1 个群发送提醒，涉及 1 个未回复单位。').waitFor()
    await waitFor(
      () => w.h.sent.some((s) => s.roomId === room.id && s.text.includes('【通知提醒】《请核对单位联系人》')),
      'the reminder in the township group',
    )
  })

  it('schedules a notice in the county’s time zone, whatever the browser’s', async () => {
    // the county is Asia/Shanghai (UTC+8); the browser runs in New York (UTC-5 in January)
    expect(w.h.c.config.timezone).toBe('Asia/Shanghai')
    const page = await signIn('绩效股3', 'bureau_admin', 'America/New_York')
    const title = '关于元旦假期安排的通知'
    await page.locator('[data-test=compose]').click()
    const field = (name: string, tag: string) =>
      page.locator(`[data-test=${name}] ${tag}, ${tag}[data-test=${name}]`).first()
    await field('notice-title', 'input').fill(title)
    await field('notice-body', 'textarea').fill('1月1日放假一天。')
    await field('notice-send-at', 'input').fill('2099-01-01 09:00')
    await field('notice-send-at', 'input').press('Enter')
    await page.locator('.el-dialog__title').click()
    await page.locator('[data-test=preview-groups]').waitFor()
    await page.locator('[data-test=notice-send]').click()
    const confirm = page.locator('.el-message-box')
    await confirm.getByText(`将于 2099-01-01 09:00（Asia/Shanghai）定时向`).waitFor()
    await confirm.getByRole('button', { name: '确定发送' }).click()
    await page.getByText(`通知《${title}》已提交`).getByText('将于 2099-01-01 09:00 发出', { exact: false }).waitFor()

    const stored = await w.h.c.api.notices.find(title)
    expect(stored?.sendAt.toISOString()).toBe('2099-01-01T01:00:00.000Z')
    await page.locator('[data-test=notice-board-title]').getByText(title).waitFor()
    await page.getByText('发送时间：2099-01-01 09:00（Asia/Shanghai）').waitFor()
  })
})
