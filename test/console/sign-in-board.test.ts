import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import { haveChromium, openConsoleWorld, RESULTS, type ConsoleWorld } from './support/console-world.js'

if (!haveChromium)
  console.warn('test/console skipped: /usr/bin/chromium is missing (apt-get install -y chromium fonts-noto-cjk)')
const maybe = haveChromium ? describe : describe.skip

/**
 * Sign-in by `登录` in the bureau group, in a real Chromium against the real service: the link the bot
 * sends opens the console signed in as that person and role, and the board shows the demo county's counts
 * exactly as the progress API gives them.
 */
maybe('console: 登录 link → signed in → the round board', () => {
  let w: ConsoleWorld
  beforeAll(async () => {
    w = await openConsoleWorld('console-signin', {
      王芳: { role: 'bureau_admin', friend: true },
      赵磊: { role: 'bureau_viewer', friend: false },
    })
    // a few units have filed (3 on time, 2 partly, 1 of them returned) so the counts are not all zero
    const rows = await roundUnitModel(w.db).find({ roundId: w.seed.roundId }).sort({ unitCode: 1 }).limit(5).lean()
    const at = new Date(w.h.c.clock.now().getTime() - 3600_000)
    await roundUnitModel(w.db).bulkWrite(
      rows.map((r, i) => ({
        updateOne: {
          filter: { roundId: w.seed.roundId, unitCode: r.unitCode },
          update:
            i < 3
              ? { $set: { submitted: r.forms, complete: true, completedAt: at } }
              : { $set: { submitted: [r.forms[0]], heads: { [r.forms[0]]: { status: 'returned' } } } },
        },
      })),
    )
  }, 60_000)
  afterAll(async () => w?.close())

  const linkIn = (text: string) => /https?:\/\/\S+\/console\/login\?t=[\w-]+/.exec(text)?.[0] ?? ''

  it('sends the link privately, signs in by it once, and shows the progress API’s numbers', async () => {
    const before = w.h.sent.length
    const replies = await w.h.say(w.staff['王芳'], '登录', w.bureau.room)
    expect(replies).toContain('@王芳 登录链接已私信发给您，请查收。')
    const dm = w.h.sent.slice(before).find((s) => !s.roomId && linkIn(s.text))
    expect(dm?.toId).toBe(w.staff['王芳'].id)
    const url = linkIn(dm?.text ?? '')
    expect(url.startsWith(`${w.base}/console/login?t=`)).toBe(true)

    const page = await w.page()
    const refused: string[] = [] // what the console's Content-Security-Policy blocked, if anything
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text())
    })
    await page.goto(url)
    await page.locator('[data-test=count-expected]').waitFor()
    await expect(page.locator('[data-test=who]').innerText()).resolves.toContain('王芳（财政局管理员）')
    expect(page.url()).not.toContain('t=') // the secret leaves the address bar

    const token = await page.evaluate(() => localStorage.getItem('tianbao.console.token'))
    const progress = (await (
      await fetch(`${w.base}/api/admin/rounds/${w.seed.roundId}/progress?limit=1`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as Record<string, number>
    const shown = async (key: string) => Number(await page.locator(`[data-test=count-${key}]`).innerText())
    expect({
      expected: await shown('expected'),
      submitted: await shown('submitted'),
      onTime: await shown('onTime'),
      late: await shown('late'),
      missing: await shown('missing'),
    }).toEqual({
      expected: progress.expected,
      submitted: progress.submitted,
      onTime: progress.onTime,
      late: progress.late,
      missing: progress.missing,
    })
    expect(progress.submitted).toBe(3)
    expect(await shown('returned')).toBe(2)
    await expect(page.locator('[data-test=remind-all]').count()).resolves.toBe(1)
    await page.locator('[data-test=group-chart] canvas').waitFor()
    await page.screenshot({ path: join(RESULTS, 'console-board.png'), fullPage: true })
    expect(refused).toEqual([])

    // the departments tab: a page of 20 at most, the groups with the most units missing first
    const board = (await (
      await fetch(`${w.base}/api/admin/rounds/${w.seed.roundId}/board`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { departments: { missing: number }[] }
    await page.getByRole('tab', { name: '按主管部门' }).click()
    await page.locator('[data-test=groups-table] th', { hasText: '主管部门' }).waitFor()
    const rows = page.locator('[data-test=groups-table] .el-table__body tr')
    await expect(rows.count()).resolves.toBe(Math.min(20, board.departments.length))
    const missingCell = Number(await rows.nth(0).locator('td').nth(4).innerText())
    expect(missingCell).toBe(Math.max(...board.departments.map((d) => d.missing)))
    if (board.departments.length > 20)
      await expect(page.locator('[data-test=groups-pages]').innerText()).resolves.toContain(
        `共 ${board.departments.length} 条`,
      )

    // the link works once
    const again = await w.page()
    await again.goto(url)
    await expect(again.locator('[data-test=login-error]').innerText()).resolves.toContain(
      '登录链接无效、已使用或已过期',
    )
    await again.screenshot({ path: join(RESULTS, 'console-login.png') })
  })

  it('puts the link in the group with a warning for a non-friend; a viewer gets no 催报 buttons', async () => {
    const replies = await w.h.say(w.staff['赵磊'], '登录', w.bureau.room)
    expect(replies).toHaveLength(1)
    expect(replies[0]).toContain('请勿转发')
    const page = await w.page({ width: 390, height: 844 })
    await page.goto(linkIn(replies[0]))
    await page.locator('[data-test=units-table]').waitFor()
    await expect(page.locator('[data-test=who]').innerText()).resolves.toContain('赵磊（财政局查看）')
    await expect(page.locator('[data-test=remind-all]').count()).resolves.toBe(0)
    await page.screenshot({ path: join(RESULTS, 'console-board-phone.png'), fullPage: true })

    await page.locator('[data-test=logout]').click()
    await page.getByText('已退出登录。').waitFor()
    expect(await page.evaluate(() => localStorage.getItem('tianbao.console.token'))).toBeNull()
  })

  it("a search answered before the board's first page keeps its rows: the older answer, arriving late, is dropped", async () => {
    const last = await roundUnitModel(w.db).findOne({ roundId: w.seed.roundId }).sort({ unitCode: -1 }).lean()
    const code = last?.unitCode ?? ''
    const page = await w.page()
    // the board's first page (no search) is held until the search's answer is painted
    let release: () => void = () => undefined
    const held = new Promise<void>((r) => (release = r))
    await page.route('**/board/units?**', async (route) => {
      if (!route.request().url().includes('q=')) await held
      await route.continue()
    })
    const before = w.h.sent.length
    await w.h.say(w.staff['王芳'], '登录', w.bureau.room)
    await page.goto(linkIn(w.h.sent.slice(before).find((m) => !m.roomId && linkIn(m.text))?.text ?? ''))
    await page.locator('[data-test=units-table]').waitFor()
    await page.locator('[data-test=unit-search] input, input[data-test=unit-search]').first().fill(code)
    await page.locator(`[data-test=open-${code}]`).waitFor()
    const late = page.waitForResponse((r) => r.url().includes('/board/units') && !r.url().includes('q='))
    release()
    await (await late).finished()
    // the page has read that answer and painted what it did with it: a timer queued from the next frame
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))))
    const rows = page.locator('[data-test=units-table] .el-table__body tr')
    await expect(rows.count()).resolves.toBe(1)
    await page.locator(`[data-test=open-${code}]`).waitFor()
    await expect(page.locator('[data-test=units-table] .el-loading-mask').count()).resolves.toBe(0)
  })

  it('gives no link to someone not on the bureau staff list', async () => {
    const replies = await w.h.say(w.h.mocker.createContact({ name: '路人' }), '登录', w.bureau.room)
    expect(replies.join('\n')).not.toMatch(/console\/login/)
  })
})
