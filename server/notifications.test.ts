import { beforeAll, describe, expect, it } from 'vitest'

import { liveDeliveries } from '../app/domain/events'
import { addInternalNote, changeIdeaStatus, promoteToIdea } from '../app/domain/ideas/ideas.server'
import { hidePost } from '../app/domain/moderation/moderation.server'
import { acceptAnswer, setMeToo } from '../app/domain/questions/questions.server'
import { replyToThread, startThread } from '../app/domain/threads/write.server'
import { ensureConsumer } from '../db/queries/consumers'
import { setCategoryWatch, setThreadWatch } from '../db/queries/notifications'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser } from '../tests/factories'
import { notificationsConsumer } from './consumer-list'
import { runBatch } from './consumers'

const db = setupTestDatabase()

beforeAll(async () => {
  await ensureConsumer(db.sql, notificationsConsumer.name, 'now')
})

/**
 * Runs the notifications consumer until it has passed every event written
 * so far, as a forum process does. An empty batch is not enough: events wait
 * while any transaction on the server (another test file's) is older.
 */
async function deliver() {
  const [{ last }] = await db.sql<{ last: number }[]>`select coalesce(max(id), 0)::bigint as last from outbox`
  await expect
    .poll(
      async () => {
        await runBatch(db.sql, notificationsConsumer)
        const [consumer] = await db.sql<{ positionId: number }[]>`
          select position_id from outbox_consumers where name = ${notificationsConsumer.name}`
        return consumer.positionId >= last
      },
      { timeout: 10_000, interval: 20 },
    )
    .toBe(true)
}

/** Who was told what about a thread, in a stable order. */
async function told(threadId: number, kinds?: string[]) {
  const rows = await db.sql<{ userId: number; kind: string }[]>`
    select user_id, kind from notifications
    where thread_id = ${threadId} ${kinds ? db.sql`and kind = any(${kinds})` : db.sql``}
    order by user_id, kind`
  return rows.map((r) => ({ userId: r.userId, kind: r.kind }))
}

const byUser = (entries: { userId: number; kind: string }[]) => [...entries].sort((a, b) => a.userId - b.userId)

async function question() {
  const asker = await makeUser(db.sql)
  const category = await makeCategory(db.sql)
  const thread = await makeThread(db.sql, asker, category.slug, { title: 'Exports stop at 10,000 rows' })
  return { asker, category, thread }
}

describe('who hears of a reply', () => {
  it('tells the asker, the quoted, the mentioned and watchers once each; never the replier or anyone who muted the thread', async () => {
    const { asker, category, thread } = await question()
    const [replier, quoted, mentioned, watcher, muter, categoryWatcher] = await Promise.all(
      Array.from({ length: 6 }, () => makeUser(db.sql)),
    )
    await deliver()
    await setThreadWatch(db.sql, watcher.id, thread.threadId, 'watching')
    await setThreadWatch(db.sql, muter.id, thread.threadId, 'muted')
    // Watching a category tells of new threads, not of every reply.
    await setCategoryWatch(db.sql, categoryWatcher.id, category.id, 'watching')
    await deliver()
    const body = `> @${quoted.username} wrote:\n> try the CSV export\n\n@${mentioned.username} @${asker.username} @${muter.username} @${replier.username} it works for me.`
    await replyToThread(db.sql, replier, thread.threadId, body)
    await deliver()
    expect(await told(thread.threadId)).toEqual(
      byUser([
        // Mentioned too, the asker is told once, of what matters most to them: an answer to their question.
        { userId: asker.id, kind: 'reply' },
        { userId: quoted.id, kind: 'quote' },
        { userId: mentioned.id, kind: 'mention' },
        { userId: watcher.id, kind: 'reply' },
      ]),
    )
    // Replying watched the thread: the replier hears of the next reply. The
    // watcher, who has not read the first, is not told again: it leads there.
    const thanks = await replyToThread(db.sql, asker, thread.threadId, 'Thanks, that did it.')
    await deliver()
    expect(await db.sql`select user_id, kind from notifications where post_id = ${thanks.postId} order by user_id`).toEqual([
      { userId: replier.id, kind: 'reply' },
    ])
    await db.sql`update notifications set read_at = now() where user_id = ${watcher.id}`
    const more = await replyToThread(db.sql, asker, thread.threadId, 'One more detail: it needed a restart.')
    await deliver()
    expect(await db.sql`select user_id, kind from notifications where post_id = ${more.postId} order by user_id`).toEqual([
      { userId: watcher.id, kind: 'reply' },
    ])
  })

  it('counts a replier as watching from their reply on, within one batch of events too', async () => {
    const { asker, thread } = await question()
    await deliver()
    const [first, second] = [await makeUser(db.sql), await makeUser(db.sql)]
    const a = await replyToThread(db.sql, first, thread.threadId, 'Have you tried the export API?')
    const b = await replyToThread(db.sql, second, thread.threadId, 'The API has the same limit, sadly.')
    // Both replies are handled in one batch: the second tells the first replier, who now watches.
    await deliver()
    expect(await db.sql`select user_id, post_id from notifications where thread_id = ${thread.threadId} order by id`).toEqual([
      { userId: asker.id, postId: a.postId },
      { userId: asker.id, postId: b.postId },
      { userId: first.id, postId: b.postId },
    ])
  })

  it("files a reply to one's own question under answers, mailed at once; others wait for the digest, and an unconfirmed address gets none", async () => {
    const { asker, thread } = await question()
    const unconfirmed = await makeUser(db.sql, { emailVerified: false })
    await setThreadWatch(db.sql, unconfirmed.id, thread.threadId, 'watching')
    const replier = await makeUser(db.sql)
    await replyToThread(db.sql, replier, thread.threadId, 'Use the API for larger exports.')
    await deliver()
    const rows = await db.sql<{ userId: number; topic: string; email: string; emailedAt: Date | null }[]>`
      select user_id, topic, email, emailed_at from notifications where thread_id = ${thread.threadId} order by user_id`
    expect(rows.map(({ userId, topic, email }) => ({ userId, topic, email }))).toEqual([
      { userId: asker.id, topic: 'my_questions', email: 'immediately' },
      { userId: unconfirmed.id, topic: 'replies', email: 'never' },
    ])
    const mails = await db.sql`select user_id, kind, notification_ids from mails where user_id in ${db.sql([asker.id, unconfirmed.id])}`
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ userId: asker.id, kind: 'notification' })
    expect(rows[0].emailedAt).not.toBeNull()
  })

  it('tells nobody of a reply hidden before it was handled, and nobody who may not read the thread', async () => {
    const staff = await makeUser(db.sql, { role: 'staff' })
    const member = await makeUser(db.sql)
    const staffRoom = await makeCategory(db.sql, { readableBy: 'staff' })
    const inside = await makeThread(db.sql, staff, staffRoom.slug, { title: 'Who takes the weekend queue' })
    const colleague = await makeUser(db.sql, { role: 'staff' })
    await replyToThread(db.sql, staff, inside.threadId, `@${member.username} and @${colleague.username}, thoughts?`)
    await deliver()
    expect(await told(inside.threadId)).toEqual([{ userId: colleague.id, kind: 'mention' }])

    const { thread } = await question()
    const rude = await makeUser(db.sql)
    const target = await makeUser(db.sql)
    const reply = await replyToThread(db.sql, rude, thread.threadId, `@${target.username} something rude`)
    await hidePost(db.sql, staff, reply.postId, 'Rude')
    await deliver()
    expect(await told(thread.threadId, ['mention', 'reply'])).toEqual([])
    // The author hears why their post was hidden.
    const [hidden] = await db.sql`select user_id, kind, detail from notifications where post_id = ${reply.postId}`
    expect(hidden).toMatchObject({ userId: rude.id, kind: 'post_hidden', detail: { reason: 'Rude' } })
  })

  it('writes one notification per person per event, even when the event is handled again', async () => {
    const { asker, thread } = await question()
    const replier = await makeUser(db.sql)
    await replyToThread(db.sql, replier, thread.threadId, 'Have you tried the API?')
    await deliver()
    // A batch whose commit was lost is handled again: the consumer's position goes back.
    const [moved] = await db.sql`
      update outbox_consumers set position_txid = '0'::xid8, position_id = 0 where name = ${notificationsConsumer.name} returning 1`
    expect(moved).toBeDefined()
    await deliver()
    expect(await told(thread.threadId)).toEqual([{ userId: asker.id, kind: 'reply' }])
    // Dated when the reply happened, not when the consumer got to it.
    const [dated] = await db.sql`
      select abs(extract(epoch from n.created_at - o.created_at)) < 0.001 as same from notifications n join outbox o on o.id = n.event_id where n.thread_id = ${thread.threadId}`
    expect(dated.same).toBe(true)
  })
})

describe('accepted answers', () => {
  it('tells the answerer and the people who said "me too", not the asker who accepted', async () => {
    const { asker, thread } = await question()
    const answerer = await makeUser(db.sql)
    const [same1, same2] = await Promise.all([makeUser(db.sql), makeUser(db.sql)])
    await setMeToo(db.sql, same1, thread.threadId, true)
    await setMeToo(db.sql, same2, thread.threadId, true)
    const reply = await replyToThread(db.sql, answerer, thread.threadId, 'Raise the limit under Settings.')
    await deliver()
    await acceptAnswer(db.sql, asker, thread.threadId, reply.postId)
    await deliver()
    expect(await told(thread.threadId, ['accepted', 'answered'])).toEqual(
      byUser([
        { userId: answerer.id, kind: 'accepted' },
        { userId: same1.id, kind: 'answered' },
        { userId: same2.id, kind: 'answered' },
      ]),
    )
  })

  it('tells the asker too when staff accept an answer for them', async () => {
    const { asker, thread } = await question()
    const staff = await makeUser(db.sql, { role: 'staff' })
    const answerer = await makeUser(db.sql)
    const reply = await replyToThread(db.sql, answerer, thread.threadId, 'Raise the limit under Settings.')
    await acceptAnswer(db.sql, staff, thread.threadId, reply.postId)
    await deliver()
    expect(await told(thread.threadId, ['accepted', 'answered'])).toEqual(
      byUser([
        { userId: asker.id, kind: 'answered' },
        { userId: answerer.id, kind: 'accepted' },
      ]),
    )
  })
})

describe('closing the loop on ideas', () => {
  it('tells every customer the idea affects of its status, with the public note and never an internal one', async () => {
    const ideas = await makeCategory(db.sql, { allowedKinds: ['idea'] })
    const product = await makeUser(db.sql, { role: 'product' })
    const { asker, thread } = await question()
    const [sameProblem, staffer] = await Promise.all([makeUser(db.sql), makeUser(db.sql, { role: 'staff' })])
    await setMeToo(db.sql, sameProblem, thread.threadId, true)
    await setMeToo(db.sql, staffer, thread.threadId, true)
    const idea = await promoteToIdea(db.sql, product, thread.threadId, { title: 'Exports without a row limit', body: 'Customers hit it.' })
    const voter = await makeUser(db.sql)
    await startThread(db.sql, voter, { category: ideas.slug, title: 'Unrelated idea for the board', body: 'Something else.' })
    await db.sql`insert into idea_votes (idea_id, user_id) values (${idea.threadId}, ${voter.id})`
    await addInternalNote(db.sql, product, idea.threadId, 'Internal: needs the new export service first')
    await deliver()
    await changeIdeaStatus(db.sql, product, idea.threadId, { status: 'shipped', note: 'Exports are now unlimited.' })
    await deliver()
    const rows = await db.sql<{ userId: number; kind: string; detail: Record<string, string> }[]>`
      select user_id, kind, detail from notifications where thread_id = ${idea.threadId} and kind = 'idea_status' order by user_id`
    // Members only (the staffer's "me too" is not a customer's), the product manager who shipped it not at all.
    expect(rows.map((r) => r.userId)).toEqual([asker.id, sameProblem.id, voter.id].sort((a, b) => a - b))
    for (const row of rows) expect(row.detail).toEqual({ status: 'shipped', note: 'Exports are now unlimited.' })
    expect(JSON.stringify(await db.sql`select detail from notifications`)).not.toContain('Internal')
  })

  it('tells watchers of a category of each new thread there', async () => {
    const category = await makeCategory(db.sql)
    const watcher = await makeUser(db.sql)
    const muter = await makeUser(db.sql)
    await setCategoryWatch(db.sql, watcher.id, category.id, 'watching')
    await setCategoryWatch(db.sql, muter.id, category.id, 'muted')
    const author = await makeUser(db.sql)
    await setCategoryWatch(db.sql, author.id, category.id, 'watching')
    const thread = await makeThread(db.sql, author, category.slug, { body: `@${muter.username} does this happen to you?` })
    await deliver()
    expect(await told(thread.threadId)).toEqual([{ userId: watcher.id, kind: 'new_thread' }])
  })

  it("tells a hundred bells per live event, and each member's room hears only their own count", async () => {
    const ideas = await makeCategory(db.sql, { allowedKinds: ['idea'] })
    const product = await makeUser(db.sql, { role: 'product' })
    const author = await makeUser(db.sql)
    const idea = await startThread(db.sql, author, { category: ideas.slug, title: 'Webhooks for every event', body: 'Please.' })
    const voters = await Promise.all(Array.from({ length: 149 }, () => makeUser(db.sql)))
    await db.sql`insert into idea_votes (idea_id, user_id) select ${idea.threadId}, unnest(${voters.map((v) => v.id)}::bigint[])`
    await deliver()
    const [{ last }] = await db.sql<{ last: number }[]>`select max(id)::bigint as last from outbox`
    await changeIdeaStatus(db.sql, product, idea.threadId, { status: 'planned' })
    await deliver()
    const events = await db.sql<{ id: number; payload: { recipients: { userId: number; unread: number }[] } }[]>`
      select id, payload from outbox where id > ${last} and type = 'notifications:created' order by id`
    expect(events.map((e) => e.payload.recipients.length)).toEqual([100, 50])
    const everyone = events.flatMap((e) => e.payload.recipients.map((r) => r.userId)).sort((a, b) => a - b)
    expect(everyone).toEqual([author.id, ...voters.map((v) => v.id)].sort((a, b) => a - b))
    const first = { type: 'notifications:created' as const, ...events[0].payload }
    const deliveries = liveDeliveries(first)
    expect(deliveries).toHaveLength(100)
    for (const d of deliveries) {
      expect(d.event.recipients).toHaveLength(1)
      expect(d.rooms).toEqual([`user:${d.event.recipients[0].userId}`])
      expect(d.event.recipients[0].unread).toBe(1)
    }
  })
})
