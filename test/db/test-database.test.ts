import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { Schema, type Connection } from 'mongoose'
import { openTestDb, closeTestDb } from '../support/db.js'

describe('test database', () => {
  let db: Connection
  beforeAll(async () => {
    db = await openTestDb('testdb')
  })
  afterAll(async () => closeTestDb(db))

  it('round-trips a document through a real server', async () => {
    const Thing = db.model('Thing', new Schema({ key: { type: String, unique: true }, n: Number }))
    await Thing.init()
    await Thing.create({ key: 'a', n: 1 })
    const found = await Thing.findOne({ key: 'a' }).lean()
    expect(found?.n).toBe(1)
    await expect(Thing.create({ key: 'a', n: 2 })).rejects.toMatchObject({ code: 11000 })
  })
})
