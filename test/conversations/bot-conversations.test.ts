import { describe, expect, it } from '@jest/globals'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { mock } from 'wechaty-puppet-mock'
import { dialogModel } from '../../src/db/models/dialog.js'
import { submissionModel } from '../../src/db/models/submission.js'
import type { FormCode } from '../../src/domain/types.js'
import { closeTestDb, openTestDb } from '../support/db.js'
import { BotHarness } from '../support/bot-harness.js'
import { seedBotWorld } from '../support/bot-fixtures.js'
import {
  UPDATE,
  answerDiff,
  asMessages,
  compactTurn,
  listFixtures,
  readFixture,
  writeFixture,
  type TurnRecord,
} from './fixture-file.js'

/**
 * The whole bot, conversation by conversation (test/conversations/bot/*.json): wechaty with the mock
 * puppet, the real database and outbox. Each file gets a fresh world (test/support/bot-fixtures:
 * units U001…, the roads project) with its first unit bound to a group; `who` is the staff member
 * speaking (0 unless given). A turn records the bot's messages to the group, the answers the unit's
 * dialog stored, and the unit's stored submissions whenever they changed.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'bot')

interface BotTurn extends TurnRecord {
  who?: number
}

describe('bot conversations', () => {
  for (const name of listFixtures(dir)) {
    it(name.replace(/\.json$/, ''), async () => {
      const f = readFixture<BotTurn>(dir, name)
      const units = (f.units as string[] | undefined) ?? ['U001']
      const db = await openTestDb(`conv-${name.replace(/\W/g, '').slice(0, 30)}`)
      const h = new BotHarness(db, '2027-07-05T02:00:00Z')
      try {
        await seedBotWorld(db, units, (f.forms as FormCode[] | undefined) ?? ['project'])
        await h.start()
        // named, so that the bot's @mentions read the same in every run
        const staff: mock.ContactMock[] = ['财务1', '财务2'].map((name) => h.mocker.createContact({ name }))
        const room = h.mocker.createRoom({
          topic: `${units[0]}工作群`,
          memberIdList: [h.botUser.id, ...staff.map((p) => p.id)],
        })
        await h.say(staff[0], `绑定 BIND${units[0]}`, room)
        let answers: Record<string, unknown> = {}
        let submissions = ''
        const actual: BotTurn[] = []
        for (const turn of f.turns) {
          const replies = await h.say(staff[turn.who ?? 0], turn.say, room)
          const d = await dialogModel(db).findOne({ unitCode: units[0] }).sort({ updatedAt: -1, _id: -1 }).lean()
          const now = ((d?.state as { answers?: Record<string, unknown> } | undefined)?.answers ?? {}) as Record<
            string,
            unknown
          >
          const subs = (
            await submissionModel(db).find({ unitCode: units[0] }).sort({ form: 1, version: 1 }).lean()
          ).map((s) => ({ form: s.form, version: s.version, status: s.status }))
          const changed = JSON.stringify(subs) !== submissions
          actual.push(
            compactTurn({
              say: turn.say,
              ...(turn.who ? { who: turn.who } : {}),
              bot: asMessages(replies),
              ...answerDiff(answers, now),
              effects: changed ? subs : [],
            }),
          )
          answers = now
          submissions = JSON.stringify(subs)
        }
        if (UPDATE) {
          f.turns = actual
          writeFixture(dir, name, f)
        }
        actual.forEach((turn, i) => expect({ turn: i + 1, ...turn }).toEqual({ turn: i + 1, ...f.turns[i] }))
        expect(actual.length).toBe(f.turns.length)
      } finally {
        await h.stop()
        await closeTestDb(db)
      }
    })
  }
})
