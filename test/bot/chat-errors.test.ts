import { describe, it, expect } from '@jest/globals'
import { AppError } from '../../src/errors.js'
import { GENERIC_ERROR_TEXT } from '../../src/engine/chat-error-text.js'
import { useBotWorld } from '../support/bot-world.js'

/** Issue 14: one error boundary turns what failed into chat text, in every command. */
describe('bot: errors in chat', () => {
  // each test on a unit of its own
  const world = useBotWorld('bot_chat_errors', ['U1', 'U2'])

  it('a refusal meant for the user is its message, once', async () => {
    const { h } = world
    const {
      staff: [staff],
      room,
    } = await h.groupBound('U1', '测试县第1局财务群')
    // the round locked between 填报 reading the unit's tasks and the form being opened
    const dialogs = h.c.chat.dialogs
    const start = dialogs.start.bind(dialogs)
    dialogs.start = () =>
      Promise.reject(AppError.conflict('round_locked', '本轮填报已锁定，不能再修改；如需修改请联系财政局重新开放'))
    try {
      const replies = await h.say(staff, '填报', room)
      expect(replies).toHaveLength(1)
      expect(
        replies[0].endsWith(' 本轮填报已锁定，不能再修改；如需修改请联系财政局重新开放') ||
          replies[0].endsWith('\u2005本轮填报已锁定，不能再修改；如需修改请联系财政局重新开放'),
      ).toBe(true)
    } finally {
      dialogs.start = start
    }
  })

  it('anything else is one generic line (no internals), logged, and the message is done', async () => {
    const { h, db } = world
    const {
      staff: [staff],
      room,
    } = await h.groupBound('U2', '测试县第2局财务群')
    const tasks = h.c.chat.tasks
    const forUnit = tasks.forUnit.bind(tasks)
    const logged: unknown[] = []
    const error = h.c.logger.error.bind(h.c.logger)
    h.c.logger.error = ((obj: unknown, ...rest: unknown[]) => {
      logged.push(obj)
      return (error as (...a: unknown[]) => void)(obj, ...rest)
    }) as typeof h.c.logger.error
    tasks.forUnit = () => Promise.reject(new Error('cannot read properties of undefined (reading "forms")'))
    try {
      const replies = await h.say(staff, '进度', room)
      expect(replies).toHaveLength(1)
      expect(replies[0].endsWith(GENERIC_ERROR_TEXT)).toBe(true)
    } finally {
      tasks.forUnit = forUnit
      h.c.logger.error = error
    }
    expect(logged).toHaveLength(1)
    expect(await db.collection('inbound_messages').findOne({ text: '进度', roomId: room.id })).toMatchObject({
      state: 'done',
    })
  })
})
