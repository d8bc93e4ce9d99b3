import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type { Connection } from 'mongoose'
import { DialogRepository } from '../../src/db/repositories/dialog-repository.js'
import type { DialogFields } from '../../src/domain/dialog.js'
import { openTestDb, closeTestDb } from '../support/db.js'

const at = new Date('2027-07-05T02:00:00Z')

function fields(unitCode: string, ownerId: string, roomId: string): Omit<DialogFields, 'nudgedAt' | 'submissionId'> {
  return {
    account: 'default',
    roundId: 'r1',
    unitCode,
    form: 'project',
    ownerId,
    ownerName: ownerId,
    roomId,
    roomTopic: roomId,
    state: { answers: {} },
    status: 'active',
    lockKey: `r1:${unitCode}:project`,
    lastActivityAt: at,
    rev: 0,
    base: null,
  }
}

/**
 * The dialog repository's open-dialog memory: written through on its own writes, never able to save
 * over a newer revision, and moving with a dialog that changes hands. Two repositories on one database
 * stand for two processes.
 */
describe('DialogRepository', () => {
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('dialog_repo')
  })
  afterAll(async () => {
    await closeTestDb(db)
  })

  it('inserts with the lock key as the check: a second dialog for the form is refused, the first is found by its key', async () => {
    const repo = new DialogRepository(db)
    const made = await repo.insert(fields('U1', 'p1', 'room1'))
    expect(typeof made?.id).toBe('string')
    expect(await repo.insert(fields('U1', 'p2', 'room1'))).toBeNull()
    expect((await repo.byLockKey('r1:U1:project'))?.id).toBe(made?.id)
    expect((await repo.findOpen('p1', 'room1', ['active']))?.id).toBe(made?.id)
  })

  it('a copy kept here that another process saved over cannot save; re-read, the turn saves on the fresh one', async () => {
    const here = new DialogRepository(db)
    const there = new DialogRepository(db)
    const made = await here.insert(fields('U2', 'p1', 'room2'))
    const kept = await here.findOpen('p1', 'room2', ['active'])
    const theirs = await there.findOpen('p1', 'room2', ['active'])
    expect(await there.saveTurn(theirs!, { state: { answers: { a: 1 } } }, at)).toMatchObject({ rev: 1 })
    expect(await here.saveTurn(kept!, { state: { answers: { a: 2 } } }, at)).toBeNull()
    const fresh = await here.reread(kept!)
    expect(fresh).toMatchObject({ id: made?.id, rev: 1, state: { answers: { a: 1 } } })
    expect(await here.saveTurn(fresh!, { state: { answers: { a: 2 } } }, at)).toMatchObject({ rev: 2 })
    expect(await here.findOpen('p1', 'room2', ['active'])).toMatchObject({ rev: 2, state: { answers: { a: 2 } } })
  })

  it('a takeover moves the kept dialog to its new holder and leaves nothing under the former one', async () => {
    const repo = new DialogRepository(db)
    const made = await repo.insert(fields('U3', 'p1', 'room3'))
    await repo.findOpen('p1', 'room3', ['active'])
    const taken = await repo.takeOver(
      made!.id,
      { ownerId: 'p2', ownerName: 'p2', roomId: 'room3b', roomTopic: 'room3b' },
      at,
    )
    expect(taken).toMatchObject({ id: made?.id, ownerId: 'p2', roomId: 'room3b', rev: 1, status: 'active' })
    expect(await repo.findOpen('p1', 'room3', ['active'])).toBeNull()
    expect((await repo.findOpen('p2', 'room3b', ['active']))?.id).toBe(made?.id)
    expect(await repo.saveTurn(made!, { state: {} }, at)).toBeNull() // the former owner's copy
  })

  it('parked idle dialogs are no longer open here; reopened, they are again', async () => {
    const repo = new DialogRepository(db)
    const made = await repo.insert({ ...fields('U4', 'p4', 'room4'), lastActivityAt: new Date('2027-07-01T00:00:00Z') })
    expect((await repo.findOpen('p4', 'room4', ['active']))?.id).toBe(made?.id)
    expect((await repo.parkIdle(new Date('2027-07-02T00:00:00Z'))).map((d) => d.id)).toContain(made?.id)
    expect(await repo.findOpen('p4', 'room4', ['active'])).toBeNull()
    expect((await repo.findOpen('p4', 'room4', ['parked']))?.id).toBe(made?.id)
    expect(await repo.reopen(made!.id)).toMatchObject({ status: 'active', rev: 2 }) // parked and reopened: two revisions
    expect((await repo.findOpen('p4', 'room4', ['active']))?.id).toBe(made?.id)
  })

  it('after a re-login moved a room, its dialogs are found under the new id and not the old', async () => {
    const repo = new DialogRepository(db)
    const made = await repo.insert(fields('U5', 'p5', 'old-room'))
    await repo.findOpen('p5', 'old-room', ['active'])
    await repo.findOpen('p5', 'new-room', ['active']) // "none" kept for the new id
    await repo.moveRoom('old-room', 'new-room')
    expect(await repo.findOpen('p5', 'old-room', ['active'])).toBeNull()
    expect((await repo.findOpen('p5', 'new-room', ['active']))?.id).toBe(made?.id)
  })
})
