import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { makeUser } from '../../../tests/factories'
import { DomainError } from '../errors'
import { deliveriesFor, getNotificationSettings, saveNotificationSettings, stopMail } from './settings.server'

const db = setupTestDatabase()

describe('notification settings', () => {
  it('gives each member their choice for a topic, or its default', async () => {
    const [chose, never, untouched] = await Promise.all([makeUser(db.sql), makeUser(db.sql), makeUser(db.sql)])
    const form = {
      my_questions: 'digest',
      replies: 'immediately',
      mentions: 'digest',
      accepted: 'digest',
      ideas: 'digest',
      new_threads: 'never',
      moderation: 'digest',
    }
    await saveNotificationSettings(db.sql, chose, form)
    await stopMail(db.sql, never.id, 'all')
    expect(await deliveriesFor(db.sql, [chose.id, never.id, untouched.id], 'my_questions')).toEqual(
      new Map([
        [chose.id, 'digest'],
        [never.id, 'never'],
        [untouched.id, 'immediately'],
      ]),
    )
    expect(await deliveriesFor(db.sql, [chose.id, untouched.id], 'replies')).toEqual(
      new Map([
        [chose.id, 'immediately'],
        [untouched.id, 'digest'],
      ]),
    )
    expect(await deliveriesFor(db.sql, [], 'replies')).toEqual(new Map())
    const page = await getNotificationSettings(db.sql, chose)
    expect(page.topics.find((t) => t.topic === 'new_threads')?.delivery).toBe('never')
    expect(page.emailConfirmed).toBe(true)
  })

  it('refuses a value that is not a choice, naming the topic', async () => {
    const member = await makeUser(db.sql)
    const refusal = await saveNotificationSettings(db.sql, member, { replies: 'weekly' }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(DomainError)
    expect((refusal as DomainError).code).toBe('invalid')
    expect((refusal as DomainError).fields.replies).toBe('Choose Right away, Daily digest or Never for "Replies".')
    expect((refusal as DomainError).fields.my_questions).toMatch(/Answers to my questions/)
  })
})
