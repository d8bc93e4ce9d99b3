import { describe, it, expect } from '@jest/globals'
import { BIND_ATTEMPTS } from '../../src/services/directory/bind-code-service.js'
import { useFreshBotWorld } from '../support/bot-world.js'

/** `绑定` in chat is limited like POST /api/mp/bind: BIND_ATTEMPTS per person and per room. */
describe('bot: bind code guessing', () => {
  // a world of its own per test: the limiter's counts and the clock never carry over from the other test
  const world = useFreshBotWorld('bot_bind_attempts', ['U1'])
  const at = '2027-07-05T03:00:00Z'

  it('refuses one person after BIND_ATTEMPTS.max tries a minute, even the right code, and lets them try again later', async () => {
    const { h } = world
    const [guesser] = h.mocker.createContacts(1)
    h.c.clock.set(at) // every try in the same window (the clock stands still), however slow the machine
    const tries = Array.from({ length: BIND_ATTEMPTS.max }, (_, i) => ({
      who: guesser,
      text: `绑定 WRONG${String(i).padStart(3, '0')}`,
    }))
    const answers = await h.sayAll(tries)
    expect(answers).toHaveLength(BIND_ATTEMPTS.max)
    for (const a of answers) expect(a).toContain('绑定码无效')
    const refused = (await h.say(guesser, '绑定 BINDU1')).join()
    expect(refused).toMatch(/^绑定尝试过于频繁，请 \d+ 秒后再试。$/)
    h.c.clock.set(new Date(Date.parse(at) + 2 * BIND_ATTEMPTS.windowMs)) // well past the window, however long the tries took
    expect((await h.say(guesser, '绑定 BINDU1')).join()).toContain('测试县第1局')
  }, 30_000)

  it('refuses a room after BIND_ATTEMPTS.max tries a minute from many people', async () => {
    const { h } = world
    const people = h.mocker.createContacts(BIND_ATTEMPTS.max + 1)
    const room = h.mocker.createRoom({ topic: '猜码群', memberIdList: [h.botUser.id, ...people.map((p) => p.id)] })
    const later = new Date(Date.parse(at) + 10 * BIND_ATTEMPTS.windowMs)
    h.c.clock.set(later)
    const answers = await h.sayAll(
      people.slice(0, -1).map((p, i) => ({ who: p, text: `绑定 WRONG${String(i).padStart(3, '0')}`, room })),
    )
    expect(answers).toHaveLength(BIND_ATTEMPTS.max)
    for (const a of answers) expect(a).toContain('绑定码无效')
    expect((await h.say(people[people.length - 1], '绑定 BINDU1', room)).join()).toContain('过于频繁')
  }, 30_000)
})
