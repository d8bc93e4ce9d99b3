import type { Connection } from 'mongoose'
import type { mock } from 'wechaty-puppet-mock'
import { waitFor } from '../../../fixtures/wait-for.js'
import { BotHarness } from '../../support/bot-harness.js'
import type { ChannelDriver, Where } from './channel-driver.js'

/** WeChat through wechaty's mock puppet (test/support/bot-harness.ts): the bot's real handlers. */
export async function wechatDriver(db: Connection, start: string): Promise<ChannelDriver> {
  const h = new BotHarness(db, start)
  await h.start()
  const people = new Map<string, mock.ContactMock>()
  const rooms = new Map<string, mock.RoomMock>()
  const person = (name: string): mock.ContactMock => {
    const known = people.get(name)
    if (known) return known
    const p = h.mocker.createContact({ name })
    people.set(name, p)
    return p
  }
  /** a group is made when first spoken in, with the bot and its first speaker as members */
  const room = (key: string, who: mock.ContactMock): mock.RoomMock => {
    const known = rooms.get(key)
    if (known) return known
    const r = h.mocker.createRoom({ topic: `${key}工作群`, memberIdList: [h.botUser.id, who.id] })
    rooms.set(key, r)
    return r
  }
  const inRoom = (key: string) => h.sent.filter((s) => s.roomId !== undefined && s.roomId === rooms.get(key)?.id)
  return {
    name: 'wechat',
    c: h.c,
    async say(who: string, text: string, where: Where) {
      const p = person(who)
      if (where === 'private') {
        const before = h.sent.length
        await h.say(p, text)
        return h.sent
          .slice(before)
          .filter((s) => s.toId === p.id && !s.roomId)
          .map((s) => s.text)
      }
      const r = room(where.group, p)
      const before = h.sent.length
      await h.say(p, text, r)
      return h.sent
        .slice(before)
        .filter((s) => s.roomId === r.id)
        .map((s) => s.text)
    },
    mark: (group) => inRoom(group).length,
    async receivedSince(group, mark, count = 1) {
      await waitFor(() => inRoom(group).length >= mark + count, `${count} message(s) in ${group}`)
      await h.settle()
      return inRoom(group)
        .slice(mark)
        .map((s) => s.text)
    },
    close: () => h.stop(),
  }
}
