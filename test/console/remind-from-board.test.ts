import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { unitModel } from '../../src/db/models/unit.js'
import { waitFor } from '../../fixtures/wait-for.js'
import { haveChromium, openConsoleWorld, RESULTS, type ConsoleWorld } from './support/console-world.js'

if (!haveChromium)
  console.warn('test/console skipped: /usr/bin/chromium is missing (apt-get install -y chromium fonts-noto-cjk)')
const maybe = haveChromium ? describe : describe.skip

/**
 * 催报 from the board, in a real Chromium: signed in with a pasted admin token, the bureau finds a
 * township that has not filed, clicks 催报, confirms — and the reminder arrives in that township's
 * WeChat group (the mock puppet, through the outbox and the real delivery).
 */
maybe('console: 催报 a missing unit from the board', () => {
  let w: ConsoleWorld
  beforeAll(async () => {
    w = await openConsoleWorld('console-remind')
  }, 60_000)
  afterAll(async () => w?.close())

  it('queues the bot’s 催报 for the unit and the reminder lands in its group', async () => {
    const township = await unitModel(w.db).findOne({ kind: 'township' }).sort({ code: 1 }).lean()
    if (!township) throw new Error('the demo county has no township')
    const clerk = w.h.mocker.createContact({ name: '镇财政所' })
    const room = w.h.mocker.createRoom({ topic: `${township.name}工作群`, memberIdList: [w.h.botUser.id, clerk.id] })
    await w.h.say(clerk, `绑定 ${await w.h.c.services.bindCodes.get(township.code)}`, room)
    const { token } = await w.h.c.api.tokens.create({ name: '绩效股', role: 'bureau_admin' })

    const page = await w.page()
    await page.goto(`${w.base}/console/login`)
    await page.locator('input[type=password]').fill(token)
    await page.locator('[data-test=token-submit]').click()
    await page.locator('[data-test=units-table]').waitFor()
    await page.locator('[data-test=unit-search] input, input[data-test=unit-search]').first().fill(township.code)
    await page.locator(`[data-test=remind-${township.code}]`).click()
    await page.getByRole('button', { name: '发送催报' }).click()
    await page.getByText(`已向「${township.name}」工作群发送催报。`).waitFor()
    await page.screenshot({ path: join(RESULTS, 'console-remind.png') })

    await waitFor(
      () => w.h.sent.some((s) => s.roomId === room.id && s.text.startsWith(`【催报】${township.name}：`)),
      'the reminder in the township group',
    )
  })

  it('shows the API’s Chinese message when 催报 is refused', async () => {
    // the round closed meanwhile (in another tab, say): the board still offers the button
    const { token } = await w.h.c.api.tokens.create({ name: '绩效股2', role: 'bureau_admin' })
    const page = await w.page()
    await page.goto(`${w.base}/console/login`)
    await page.locator('input[type=password]').fill(token)
    await page.locator('[data-test=token-submit]').click()
    await page.locator('[data-test=remind-all]').waitFor()
    await w.h.c.api.rounds.setStatus(w.seed.roundId, 'closed')
    try {
      await page.locator('[data-test=remind-all]').click()
      await page.getByRole('button', { name: '发送催报' }).click()
      await page.getByText('该轮次未在填报中，不能催报').waitFor()
    } finally {
      await w.h.c.api.rounds.setStatus(w.seed.roundId, 'open') // the other test needs the round open
    }
  })

  it('goes back to the login page, saying why, when the token stops working', async () => {
    const { token } = await w.h.c.api.tokens.create({ name: '绩效股3', role: 'bureau_viewer' })
    const page = await w.page()
    await page.goto(`${w.base}/console/login`)
    await page.locator('input[type=password]').fill(token)
    await page.locator('[data-test=token-submit]').click()
    await page.locator('[data-test=units-table]').waitFor()
    await w.h.c.api.tokens.revoke('绩效股3')
    // any call the page makes now is refused with 401; a search is one. Typed again (bounded) if the page
    // did not leave: a run in CI once waited out the test's 30 s here with nothing to show which step hung
    const search = page.locator('[data-test=unit-search] input, input[data-test=unit-search]').first()
    const told = page.getByText('登录已失效，请重新登录')
    for (const q of ['D001', 'D002', 'D003']) {
      if (await told.isVisible()) break
      await search.fill(q, { timeout: 5000 }).catch(() => undefined) // the page may have left meanwhile
      await told.waitFor({ timeout: 10_000 }).catch(() => undefined)
    }
    await told.waitFor({ timeout: 5000 })
    expect(new URL(page.url()).pathname).toBe('/console/login')
  }, 60_000)
})
