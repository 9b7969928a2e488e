import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readLink } from '../app/domain/mail/links.server'
import { queueMail } from '../app/domain/mail/queue.server'
import { hidePost } from '../app/domain/moderation/moderation.server'
import { stopMail } from '../app/domain/notifications/settings.server'
import { moveThread } from '../app/domain/threads/tools.server'
import { replyToThread } from '../app/domain/threads/write.server'
import { createSql } from '../db/client'
import { ensureConsumer } from '../db/queries/consumers'
import { findMail } from '../db/queries/mail'
import { runBatch, startConsumers } from '../server/consumers'
import { setupTestDatabase } from '../tests/database'
import { makeCategory, makeThread, makeUser } from '../tests/factories'
import { makeNotification } from '../tests/notifications'
import { startSmtpServer } from '../tests/smtp'
import { readMail } from './eml'
import { createFileTransport } from './files'
import type { MailTransport } from './port'
import { mailConsumer, messageIdFor, type SenderOptions } from './sender'
import { createSmtpTransport } from './smtp'

const db = setupTestDatabase()
const options: SenderOptions = { publicUrl: () => 'http://forum.test', from: 'Community <no-reply@forum.test>', host: 'forum.test' }
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let transport: MailTransport
let consumer: ReturnType<typeof mailConsumer>

beforeAll(async () => {
  smtp = await startSmtpServer()
  transport = createSmtpTransport(smtp.url)
  consumer = mailConsumer(transport, options)
  await ensureConsumer(db.sql, consumer.name, consumer.startFrom)
})
afterAll(async () => {
  await transport.close()
  await smtp.stop()
})

/**
 * Runs the mail consumer here until these mails are sent or dropped. Events
 * wait for every older transaction on the server to end (server/consumers.ts),
 * which other test files' transactions may delay: so it waits for the mails,
 * not for an empty batch.
 */
async function deliver(...mailIds: number[]) {
  const done = async () => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from mails where id = any(${mailIds}::bigint[]) and (sent_at is not null or dropped_reason is not null)`
    return row.n === mailIds.length
  }
  await waitFor(async () => {
    while (await runBatch(db.sql, consumer, { retryMs: 0 })) {
      /* one mail per batch */
    }
    return done()
  })
}

/** A public question by `asker` with a reply by someone else, and a staff member to moderate it. */
async function questionWithReply(replyText = 'Try turning it off and on again.') {
  const category = await makeCategory(db.sql)
  const asker = await makeUser(db.sql)
  const answerer = await makeUser(db.sql)
  const staff = await makeUser(db.sql, { role: 'staff' })
  const thread = await makeThread(db.sql, asker, category.slug, { title: 'Printer will not print' })
  const reply = await replyToThread(db.sql, answerer, thread.threadId, replyText)
  return { category, asker, answerer, staff, thread, reply }
}

async function queueReplyMail(s: Awaited<ReturnType<typeof questionWithReply>>, readerId = s.asker.id) {
  const notificationId = await makeNotification(db.sql, {
    userId: readerId,
    kind: 'reply',
    topic: 'my_questions',
    email: 'immediately',
    threadId: s.thread.threadId,
    postId: s.reply.postId,
    actorId: s.answerer.id,
  })
  return queueMail(db.sql, { kind: 'notification', userId: readerId, notificationIds: [notificationId] })
}

const sentTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address))

describe('notification mail over SMTP', () => {
  it('arrives with a stable Message-ID, one-click unsubscribe headers, and says who did what where', async () => {
    const s = await questionWithReply('Check the **paper tray** <first>.')
    const mailId = await queueReplyMail(s)
    await deliver(mailId)

    const [mail] = sentTo(`${s.asker.username}@example.test`)
    expect(mail).toBeDefined()
    expect(mail.headers['message-id']).toBe(messageIdFor(mailId, 'forum.test'))
    expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/forum\.test\/unsubscribe\/[^>]+>$/)
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click')
    expect(mail.headers.from).toContain('no-reply@forum.test')
    expect(mail.subject).toBe(`${s.answerer.username} replied in “Printer will not print”`)
    expect(mail.text).toContain('> Check the paper tray <first>.')
    expect(mail.text).toContain(`http://forum.test/t/${s.thread.threadId}/${s.thread.slug}/2#post-2`)
    expect(mail.text).toContain('Unsubscribe from “Answers to my questions”')
    // The HTML part escapes what the post said.
    expect(mail.html).toContain('Check the paper tray &lt;first&gt;.')
    expect(mail.html).not.toContain('<first>')
    expect((await findMail(db.sql, mailId))?.sentAt).toBeInstanceOf(Date)

    // Handled again (as after a failed commit), a sent mail is not sent twice.
    const before = smtp.received.length
    await consumer.handle(db.sql, [{ type: 'mail:queued', mailId, id: 0, at: new Date() }])
    expect(smtp.received.length).toBe(before)
  })

  it('loses nothing while the server is away, and sends each mail once when it is back, with two processes draining', async () => {
    const s = await questionWithReply()
    await smtp.stop()
    const ids: number[] = []
    for (let i = 0; i < 100; i++) ids.push(await queueReplyMail(s))

    // Two processes: each its own pool and transport, both running the mail consumer.
    const pools = [createSql(db.url, { max: 3 }), createSql(db.url, { max: 3 })]
    const transports = pools.map(() => createSmtpTransport(smtp.url))
    const runners = await Promise.all(
      pools.map((pool, i) => startConsumers(pool, [mailConsumer(transports[i], options)], { sweepMs: 50, retryMs: 20, maxRetryMs: 100 })),
    )
    try {
      await waitFor(async () => (await db.sql`select failures from outbox_consumers where name = 'mail'`)[0].failures >= 3)
      const [unsent] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from mails where id = any(${ids}::bigint[]) and sent_at is null and dropped_reason is null`
      expect(unsent.n).toBe(100)

      await smtp.start()
      await waitFor(async () => {
        const [left] = await db.sql<
          { n: number }[]
        >`select count(*)::int as n from mails where id = any(${ids}::bigint[]) and sent_at is null`
        return left.n === 0
      }, 30_000)
    } finally {
      await Promise.all(runners.map((r) => r.stop()))
      await Promise.all(transports.map((t) => t.close()))
      await Promise.all(pools.map((p) => p.end({ timeout: 1 })))
    }
    const expected = new Set(ids.map((id) => messageIdFor(id, 'forum.test')))
    const delivered = smtp.received.map((m) => m.headers['message-id']).filter((id) => expected.has(id))
    expect(delivered.length).toBe(100)
    expect(new Set(delivered).size).toBe(100)
  }, 60_000)
})

describe('what is checked again when a mail goes', () => {
  it('drops a mail whose post was hidden before it went, and its words are in no mail', async () => {
    const s = await questionWithReply('Words-that-were-hidden-7f3a')
    const mailId = await queueReplyMail(s)
    await hidePost(db.sql, s.staff, s.reply.postId, 'Spam')
    await deliver(mailId)
    expect((await findMail(db.sql, mailId))?.droppedReason).toMatch(/can no longer see/)
    expect(smtp.received.some((m) => m.raw.includes('Words-that-were-hidden-7f3a'))).toBe(false)
  })

  it('drops a mail whose thread moved to a staff-only category', async () => {
    const s = await questionWithReply('Words-in-a-moved-thread-8c1d')
    const staffRoom = await makeCategory(db.sql, { readableBy: 'staff' })
    const mailId = await queueReplyMail(s)
    await moveThread(db.sql, s.staff, s.thread.threadId, { category: staffRoom.slug })
    await deliver(mailId)
    expect((await findMail(db.sql, mailId))?.droppedReason).toMatch(/can no longer see/)
    expect(smtp.received.some((m) => m.raw.includes('Words-in-a-moved-thread-8c1d'))).toBe(false)
  })

  it('sends no notification mail to an address not confirmed', async () => {
    const s = await questionWithReply()
    const stranger = await makeUser(db.sql, { emailVerified: false })
    const mailId = await queueReplyMail(s, stranger.id)
    await deliver(mailId)
    expect((await findMail(db.sql, mailId))?.droppedReason).toMatch(/no confirmed address/)
    expect(sentTo(`${stranger.username}@example.test`)).toEqual([])
  })

  it('drops a mail whose topic the member turned off after it was queued', async () => {
    const s = await questionWithReply()
    const mailId = await queueReplyMail(s)
    await stopMail(db.sql, s.asker.id, 'my_questions')
    await deliver(mailId)
    expect((await findMail(db.sql, mailId))?.droppedReason).toMatch(/turned this topic off/)
  })

  it('keeps in a digest only what the member may still see, and drops a digest left empty', async () => {
    const s = await questionWithReply('Words-still-public-2b9e')
    const hidden = await replyToThread(db.sql, s.answerer, s.thread.threadId, 'Words-hidden-later-5d0c')
    await hidePost(db.sql, s.staff, hidden.postId, 'Off-topic')
    const idea = await makeThread(db.sql, s.asker, s.category.slug, { title: 'Dark mode' })
    const ids = [
      await makeNotification(db.sql, {
        userId: s.asker.id,
        kind: 'reply',
        topic: 'replies',
        email: 'digest',
        threadId: s.thread.threadId,
        postId: s.reply.postId,
        actorId: s.answerer.id,
      }),
      await makeNotification(db.sql, {
        userId: s.asker.id,
        kind: 'reply',
        topic: 'replies',
        email: 'digest',
        threadId: s.thread.threadId,
        postId: hidden.postId,
        actorId: s.answerer.id,
      }),
      await makeNotification(db.sql, {
        userId: s.asker.id,
        kind: 'idea_status',
        topic: 'ideas',
        email: 'digest',
        threadId: idea.threadId,
        detail: { status: 'planned', note: 'Coming in the spring release.' },
      }),
    ]
    const digestId = await queueMail(db.sql, { kind: 'digest', userId: s.asker.id, notificationIds: ids })
    await deliver(digestId)
    const digest = smtp.received.find((m) => m.headers['message-id'] === messageIdFor(digestId, 'forum.test'))!
    expect(digest.subject).toBe('Your community digest: 2 updates')
    expect(digest.text).toContain('Words-still-public-2b9e')
    expect(digest.text).toContain('The idea “Dark mode” is now Planned')
    expect(digest.text).toContain('Note from the team: Coming in the spring release.')
    expect(digest.text).toContain('Unsubscribe from all notification email')
    expect(digest.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click')
    expect(smtp.received.some((m) => m.raw.includes('Words-hidden-later-5d0c'))).toBe(false)

    const emptyId = await queueMail(db.sql, { kind: 'digest', userId: s.asker.id, notificationIds: [ids[1]] })
    await deliver(emptyId)
    expect((await findMail(db.sql, emptyId))?.droppedReason).toMatch(/nothing in it/)
  })
})

describe('account mail', () => {
  async function emailToken(userId: number, email: string, hours = 24) {
    const [row] = await db.sql<{ id: number }[]>`
      insert into email_tokens (user_id, email, purpose, expires_at)
      values (${userId}, ${email}, 'verify_email', now() + make_interval(hours => ${hours})) returning id`
    return row.id
  }

  it('sends the confirmation link to the new, unconfirmed address, saying when it expires', async () => {
    const member = await makeUser(db.sql)
    const tokenId = await emailToken(member.id, 'new-address@example.test')
    await deliver(
      await queueMail(db.sql, { kind: 'verify_email', userId: member.id, toAddress: 'new-address@example.test', emailTokenId: tokenId }),
    )
    const [mail] = sentTo('new-address@example.test')
    expect(mail.subject).toBe('Confirm your email address')
    const token = /http:\/\/forum\.test\/verify-email\/(\S+)/.exec(mail.text)![1]
    expect(await readLink(db.sql, 'verify_email', token)).toBe(String(tokenId))
    expect(mail.text).toMatch(/works once, until \w{3}, \d\d \w{3} \d{4}/)
    expect(mail.headers['list-unsubscribe']).toBeUndefined()
  })

  it('tells the old address that the account is moving to a new one', async () => {
    const member = await makeUser(db.sql)
    const tokenId = await emailToken(member.id, 'moving-to@example.test')
    const mailId = await queueMail(db.sql, {
      kind: 'email_changed',
      userId: member.id,
      toAddress: `${member.username}@example.test`,
      emailTokenId: tokenId,
    })
    await deliver(mailId)
    const [mail] = sentTo(`${member.username}@example.test`)
    expect(mail.text).toContain('is being changed to moving-to@example.test')
    expect(mail.text).toContain('If this was not you')
  })
})

describe('the file transport', () => {
  it('writes each message as a complete .eml file', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'forum-mail-'))
    const lines: string[] = []
    try {
      const transport = createFileTransport(path.join(folder, 'mail'), (line) => lines.push(line))
      await transport.send({
        to: 'reader@example.test',
        subject: 'Grüße “quoted” — a long subject',
        text: 'Hello =, ünïcödé and a line that goes on and on and on and on and on and on and on and on and on and on past 76 columns',
        html: '<p>Hello</p>',
        headers: { 'List-Unsubscribe': '<http://forum.test/unsubscribe/x.y>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        from: options.from,
        messageId: messageIdFor(7, 'forum.test'),
      })
      const [file] = await readdir(path.join(folder, 'mail'))
      expect(file).toMatch(/mail-7\.eml$/)
      const mail = readMail(await readFile(path.join(folder, 'mail', file), 'utf8'))
      expect(mail.to).toBe('reader@example.test')
      expect(mail.subject).toBe('Grüße “quoted” — a long subject')
      expect(mail.text).toContain('Hello =, ünïcödé and a line that goes on and on')
      expect(mail.text).toContain('past 76 columns')
      expect(mail.headers['message-id']).toBe('<mail-7@forum.test>')
      expect(mail.headers['list-unsubscribe']).toBe('<http://forum.test/unsubscribe/x.y>')
      expect(lines).toEqual([expect.stringContaining('mail to reader@example.test')])
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
