import { describe, expect, it } from 'vitest'

import { setupTestDatabase } from '../../../tests/database'
import { makeCategory, makeThread, makeUser } from '../../../tests/factories'
import { refusal } from '../../../tests/refusal'
import { changeIdeaStatus, linkThread, mergeIdeas, promoteToIdea, unlinkThread } from '../ideas/ideas.server'
import type { User } from '../policy.server'
import { acceptAnswer, unacceptAnswer } from '../questions/questions.server'
import { deletePost, editPost, replyToThread, setLocked, startThread } from '../threads/write.server'

/* Every staff action leaves exactly one audit entry, written with the action; members' own acts leave none. */

const db = setupTestDatabase()

const staff = () => makeUser(db.sql, { role: 'staff' })
const product = () => makeUser(db.sql, { role: 'product' })

async function scene() {
  const asker = await makeUser(db.sql)
  const answerer = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, asker, category.slug)
  const reply = await replyToThread(db.sql, answerer, thread.threadId, 'An answer worth keeping.')
  return { asker, answerer, thread, reply }
}

let ideasCategory: string | undefined
async function idea(author: User) {
  ideasCategory ??= (await makeCategory(db.sql, { allowedKinds: ['idea'] })).slug
  return startThread(db.sql, author, { category: ideasCategory, title: 'Export everything as CSV', body: 'It would help a lot.' })
}

async function lastId(): Promise<number> {
  const [row] = await db.sql`select coalesce(max(id), 0)::int as id from audit_log`
  return row.id
}

/** Runs an action and returns the audit entries it wrote. */
async function entriesOf(run: () => Promise<unknown>) {
  const before = await lastId()
  await run()
  return db.sql`select actor_id, action, target_type, target_id, reason, detail from audit_log where id > ${before} order by id`
}

const one = (actor: User, action: string, type: string, id: number, detail?: Record<string, unknown>) => [
  expect.objectContaining({
    actorId: actor.id,
    action,
    targetType: type,
    targetId: String(id),
    ...(detail ? { detail: expect.objectContaining(detail) } : {}),
  }),
]

describe('the audit log of staff actions', () => {
  it('records locking and unlocking, once each, and nothing for a lock that changes nothing', async () => {
    const { thread } = await scene()
    const sam = await staff()
    expect(await entriesOf(() => setLocked(db.sql, sam, thread.threadId, true))).toEqual(
      one(sam, 'thread:locked', 'thread', thread.threadId),
    )
    expect(await entriesOf(() => setLocked(db.sql, sam, thread.threadId, true))).toEqual([])
    expect(await entriesOf(() => setLocked(db.sql, sam, thread.threadId, false))).toEqual(
      one(sam, 'thread:unlocked', 'thread', thread.threadId),
    )
  })

  it("records staff editing and deleting someone else's post, but not members' own edits and deletions", async () => {
    const { answerer, thread, reply } = await scene()
    const sam = await staff()
    expect(await entriesOf(() => editPost(db.sql, answerer, reply.postId, 'My own better answer.'))).toEqual([])
    expect(await entriesOf(() => editPost(db.sql, sam, reply.postId, 'A tidied answer.'))).toEqual(
      one(sam, 'post:edited', 'post', reply.postId, { threadId: thread.threadId, revision: 3 }),
    )
    // Saving the same text is no edit, and no entry.
    expect(await entriesOf(() => editPost(db.sql, sam, reply.postId, 'A tidied answer.'))).toEqual([])
    expect(await entriesOf(() => deletePost(db.sql, sam, reply.postId))).toEqual(
      one(sam, 'post:deleted', 'post', reply.postId, { authorId: answerer.id }),
    )
    const own = await replyToThread(db.sql, answerer, thread.threadId, 'A second thought.')
    expect(await entriesOf(() => deletePost(db.sql, answerer, own.postId))).toEqual([])
  })

  it("records staff's own post edits nowhere: they are not acting for anyone", async () => {
    const { thread } = await scene()
    const sam = await staff()
    const mine = await replyToThread(db.sql, sam, thread.threadId, 'Staff here: try this.')
    expect(await entriesOf(() => editPost(db.sql, sam, mine.postId, 'Staff here: try this instead.'))).toEqual([])
  })

  it('records accepting and withdrawing an answer for the asker, and nothing when the asker does it', async () => {
    const { asker, thread, reply } = await scene()
    const sam = await staff()
    expect(await entriesOf(() => acceptAnswer(db.sql, asker, thread.threadId, reply.postId))).toEqual([])
    expect(await entriesOf(() => unacceptAnswer(db.sql, asker, thread.threadId))).toEqual([])
    expect(await entriesOf(() => acceptAnswer(db.sql, sam, thread.threadId, reply.postId))).toEqual(
      one(sam, 'answer:accepted', 'post', reply.postId, { threadId: thread.threadId }),
    )
    expect(await entriesOf(() => acceptAnswer(db.sql, sam, thread.threadId, reply.postId))).toEqual([])
    expect(await entriesOf(() => unacceptAnswer(db.sql, sam, thread.threadId))).toEqual(
      one(sam, 'answer:unaccepted', 'post', reply.postId, { threadId: thread.threadId }),
    )
  })

  it('records idea triage: status, links, merges, promotion, with the status note as the reason', async () => {
    const pat = await product()
    const member = await makeUser(db.sql)
    const a = await idea(member)
    const b = await idea(member)
    const { thread } = await scene()

    const status = await entriesOf(() => changeIdeaStatus(db.sql, pat, a.threadId, { status: 'declined', note: 'Out of scope for now.' }))
    expect(status).toEqual(one(pat, 'idea:statusChanged', 'idea', a.threadId, { from: 'new', to: 'declined' }))
    expect(status[0].reason).toBe('Out of scope for now.')

    expect(await entriesOf(() => linkThread(db.sql, pat, b.threadId, thread.threadId))).toEqual(
      one(pat, 'idea:linked', 'idea', b.threadId, { threadId: thread.threadId }),
    )
    // Linking again changes nothing.
    expect(await entriesOf(() => linkThread(db.sql, pat, b.threadId, thread.threadId))).toEqual([])
    expect(await entriesOf(() => unlinkThread(db.sql, pat, b.threadId, thread.threadId))).toEqual(
      one(pat, 'idea:unlinked', 'idea', b.threadId, { threadId: thread.threadId }),
    )
    expect(await entriesOf(() => mergeIdeas(db.sql, pat, a.threadId, b.threadId))).toEqual(
      one(pat, 'idea:merged', 'idea', b.threadId, { intoId: a.threadId }),
    )

    const sam = await staff()
    const promoted = await entriesOf(() =>
      promoteToIdea(db.sql, sam, thread.threadId, { title: 'Make answers easier', body: 'As asked here.' }),
    )
    expect(promoted).toEqual(one(sam, 'thread:promoted', 'thread', thread.threadId))
    expect(promoted[0].detail.ideaId).toEqual(expect.any(Number))
  })

  it('writes the entry in the same transaction: a refused or failed action leaves none', async () => {
    const { thread, reply } = await scene()
    const member = await makeUser(db.sql)
    expect(await entriesOf(() => refusal(setLocked(db.sql, member, thread.threadId, true)))).toEqual([])
    expect(await entriesOf(() => refusal(deletePost(db.sql, member, reply.postId)))).toEqual([])
    // The entry is written last: if the audit insert fails, the lock it records is undone with it.
    const sam = await staff()
    await db.sql`alter table audit_log add constraint audit_test_refuses check (action <> 'thread:locked') not valid`
    try {
      await expect(setLocked(db.sql, sam, thread.threadId, true)).rejects.toThrow()
      const [row] = await db.sql`select locked_at from threads where id = ${thread.threadId}`
      expect(row.lockedAt).toBeNull()
    } finally {
      await db.sql`alter table audit_log drop constraint audit_test_refuses`
    }
  })
})
