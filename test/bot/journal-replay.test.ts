import { describe, it, expect } from '@jest/globals'
import { inboundHandler } from '../../bot/handlers/inbound-handler.js'
import { InboundJournal } from '../../src/db/repositories/inbound-journal.js'
import { useBotWorld } from '../support/bot-world.js'
import { FUNDS, ON_TRACK } from '../support/bot-fixtures.js'

/**
 * A process that died AFTER storing a turn's answer but before marking its journal entry done: the
 * restarted bot handles the entry again, and that must change nothing — the dialog does not take the
 * answer twice, no second submission, the same replies (one each in the outbox).
 */
describe('bot: a journaled message handled again after a crash is not applied twice', () => {
  // each test on a unit of its own: U1 mid-form, U2 submitted
  const world = useBotWorld('journal_replay', ['U1', 'U2'])

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
    const funds = await db.collection('inbound_messages').findOne({ text: FUNDS })
    expect(funds?.state).toBe('done')
    const dialog = await db.collection('dialogs').findOne({ unitCode: 'U1', status: 'active' })
    const outboxBefore = await db.collection('outbox').countDocuments()

    await crashed(funds?.messageId)
    const again = restarted()
    expect(await again.recover()).toBe(1)
    expect(await again.recover()).toBe(0) // claimed once
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
    const submit = await db.collection('inbound_messages').findOne({ text: '提交' })
    const dialog = await db.collection('dialogs').findOne({ unitCode: 'U2', status: 'completed' })
    const outboxBefore = await db.collection('outbox').countDocuments()
    await crashed(submit?.messageId)
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
    expect(await db.collection('outbox').countDocuments()).toBe(outboxBefore)
  })
})
