import { describe, it, expect } from '@jest/globals'
import { inboundHandler } from '../../bot/handlers/inbound-handler.js'
import { InboundJournal } from '../../src/db/repositories/inbound-journal.js'
import { useBotWorld } from '../support/bot-world.js'
import { FUNDS, ON_TRACK } from '../support/bot-fixtures.js'
import { waitFor } from '../outbox/support/wait-for.js'

/**
 * A process that died AFTER storing a turn's answer but before marking its journal entry done: the
 * restarted bot handles the entry again, and that must change nothing — the dialog does not take the
 * answer twice, no second submission, the same replies (one each in the outbox). Done marks wait a
 * moment to be group-committed (src/db/repositories/journal-writes.ts), so a crash can leave several
 * turns of one conversation unmarked, not only the last.
 */
describe('bot: a journaled message handled again after a crash is not applied twice', () => {
  // each test on a unit of its own: U1 mid-form, U2 submitted, U3 two turns unmarked
  const world = useBotWorld('journal_replay', ['U1', 'U2', 'U3'])
  /** the latest entry of a message said with `text`, once its done mark is stored */
  const doneEntry = async (text: string) => {
    const entries = world.db.collection('inbound_messages')
    await waitFor(
      async () => (await entries.countDocuments({ text, state: 'done' })) > 0,
      `the done mark of "${text.slice(0, 10)}"`,
    )
    return entries.findOne({ text, state: 'done' }, { sort: { receivedAt: -1 } })
  }

  const crashed = (messageId: unknown) =>
    world.db
      .collection('inbound_messages')
      .updateOne(
        { messageId },
        { $set: { state: 'handling', leaseOwner: 'dead-host:1', leaseUntil: new Date(0), attempts: 1 } },
      )
  const restarted = () =>
    inboundHandler(
      world.h.c,
      world.h.bot,
      'default',
      new InboundJournal(world.db, world.h.c.clock, `restarted:${Math.random()}`, 60_000),
    )

  it('an answer already in the dialog is not taken again (the dialog stays at the next question)', async () => {
    const { h, db } = world
    const {
      staff: [staff],
      room,
    } = await h.groupMidForm('U1', '第一局群', 1)
    const funds = await doneEntry(FUNDS)
    expect(funds?.state).toBe('done')
    const dialog = await db.collection('dialogs').findOne({ unitCode: 'U1', status: 'active' })
    const outboxBefore = await db.collection('outbox').countDocuments()

    await crashed(funds?.messageId)
    const again = restarted()
    expect(await again.recover()).toBe(1)
    expect(await again.recover()).toBe(0) // claimed once
    await waitFor(
      async () => (await db.collection('inbound_messages').findOne({ messageId: funds?.messageId }))?.state === 'done',
      'the replayed entry marked done',
    )
    expect(await db.collection('inbound_messages').findOne({ messageId: funds?.messageId })).toMatchObject({
      state: 'done',
      attempts: 2,
    })
    const after = await db.collection('dialogs').findOne({ _id: dialog?._id })
    expect(after?.rev).toBe(dialog?.rev)
    expect(after?.state).toEqual(dialog?.state)
    expect(await db.collection('outbox').countDocuments()).toBe(outboxBefore) // its replies were queued before: kept once

    // and the conversation carries on where it was
    expect((await h.say(staff, ON_TRACK, room)).join()).toContain('已全部填写')
  })

  it('提交 stored but not yet noted on the dialog: no second submission, the same reply', async () => {
    const { h, db } = world
    await h.groupSubmitted('U2', '第二局群')
    const submit = await doneEntry('提交')
    const dialog = await db.collection('dialogs').findOne({ unitCode: 'U2', status: 'completed' })
    const outboxBefore = await db.collection('outbox').countDocuments()
    await crashed(submit?.messageId)
    // the crash came before the settling write, so before the reply (queued after it) too
    const reply = await db.collection('outbox').findOneAndDelete({ key: `reply:${String(submit?.messageId)}:0` })
    expect(reply?.text).toContain('已提交')
    // as the dialog was between storing the submission and settling: still active (the form its own), its
    // completing turn saved with the submission to store, the settling write (one revision) not made
    const lockKey = String(dialog?.lockKey).split(':').slice(0, 3).join(':')
    await db.collection('dialogs').updateOne(
      { _id: dialog?._id },
      {
        $set: { status: 'active', lockKey },
        $unset: { submissionId: '', 'lastTurn.submitted': '' },
        $inc: { rev: -1 },
      },
    )

    expect(await restarted().recover()).toBe(1)
    const submissions = await db.collection('submissions').find({ unitCode: 'U2' }).toArray()
    expect(submissions.map((s) => s.version)).toEqual([1])
    const after = await db.collection('dialogs').findOne({ _id: dialog?._id })
    expect(after?.submissionId).toBe(String(submissions[0]._id))
    expect(after).toMatchObject({
      rev: dialog?.rev,
      status: 'completed',
      lockKey: dialog?.lockKey,
      lastTurn: dialog?.lastTurn,
    })
    expect(await db.collection('outbox').countDocuments()).toBe(outboxBefore) // the reply queued again, once
    expect(await db.collection('outbox').findOne({ key: `reply:${String(submit?.messageId)}:0` })).toMatchObject({
      text: reply?.text,
    })
  })

  it('two turns answered but not marked done (their marks still waiting): neither is taken again', async () => {
    const { h, db } = world
    const {
      staff: [staff],
      room,
    } = await h.groupMidForm('U3', '第三局群', 1)
    expect((await h.say(staff, ON_TRACK, room)).join()).toContain('已全部填写')
    const funds = await doneEntry(FUNDS)
    const onTrack = await doneEntry(ON_TRACK)
    const dialog = await db.collection('dialogs').findOne({ unitCode: 'U3', status: 'active' })
    expect(dialog?.lastTurn).toMatchObject({ messageId: onTrack?.messageId })
    const outboxBefore = await db.collection('outbox').countDocuments()
    // the process died with both done marks waiting to be flushed: both replies queued, both entries open
    for (const e of [funds, onTrack]) await crashed(e?.messageId)

    const again = restarted()
    expect(await again.recover()).toBe(2)
    const after = await db.collection('dialogs').findOne({ _id: dialog?._id })
    // the earlier answer is not applied to the question the dialog asks now: one save per answer
    expect(after?.rev).toBe(dialog?.rev)
    expect(after?.state).toEqual(dialog?.state)
    expect(after?.lastTurn).toEqual(dialog?.lastTurn)
    expect(await db.collection('outbox').countDocuments()).toBe(outboxBefore) // one reply each, as before
    for (const e of [funds, onTrack])
      await waitFor(
        async () => (await db.collection('inbound_messages').findOne({ messageId: e?.messageId }))?.state === 'done',
        'the replayed entry marked done',
      )
    // and the form is submitted once, as version 1
    expect((await h.say(staff, '提交', room)).join()).toMatch(/已提交《.+》（第 1 版）/)
    expect((await db.collection('submissions').find({ unitCode: 'U3' }).toArray()).map((s) => s.version)).toEqual([1])
  })
})
