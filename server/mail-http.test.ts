import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { queueMail } from '../app/domain/mail/queue.server'
import { unsubscribeUrl } from '../app/domain/notifications/unsubscribe.server'
import { readMail } from '../mail/eml'
import { setupTestDatabase } from '../tests/database'
import { makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'
import { ConfigError, readEnv } from './env'

const db = setupTestDatabase()
const forum = setupForumServer(db)

async function settingsOf(userId: number) {
  const rows = await db.sql<{ topic: string; delivery: string }[]>`
    select topic, delivery from notification_settings where user_id = ${userId} order by topic`
  return Object.fromEntries(rows.map((r) => [r.topic, r.delivery]))
}

/** The path of a member's unsubscribe link, as a mail carries it. */
async function unsubscribePath(userId: number, scope: 'all' | 'replies') {
  return new URL(await unsubscribeUrl(db.sql, 'http://forum.test', userId, scope)).pathname
}

/** What a mail program's one-click unsubscribe sends (RFC 8058), from wherever it runs. */
function oneClick(pathname: string) {
  return fetch(`${forum.url}${pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://mail.example', 'Sec-Fetch-Site': 'cross-site' },
    body: 'List-Unsubscribe=One-Click',
  })
}

describe('unsubscribe links', () => {
  it('only asks when opened, since mail scanners open links', async () => {
    const member = await makeUser(db.sql)
    const response = await fetch(`${forum.url}${await unsubscribePath(member.id, 'replies')}`)
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page).toContain('Stop email about “Replies” for')
    expect(page).toContain('Unsubscribe</button>')
    expect(await settingsOf(member.id)).toEqual({})
  })

  it('turns the topic off when its button is pressed, signed out', async () => {
    const member = await makeUser(db.sql)
    const response = await postForm(forum.url, await unsubscribePath(member.id, 'replies'), {})
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page).toContain('No more email about “Replies” for')
    expect(page).toContain('href="/settings/notifications"')
    expect(await settingsOf(member.id)).toEqual({ replies: 'never' })
  })

  it('takes a one-click unsubscribe from another origin, for every topic of a digest', async () => {
    const member = await makeUser(db.sql)
    const response = await oneClick(await unsubscribePath(member.id, 'all'))
    expect(response.status).toBe(200)
    const settings = await settingsOf(member.id)
    expect(Object.values(settings)).toHaveLength(7)
    expect(new Set(Object.values(settings))).toEqual(new Set(['never']))
  })

  it('refuses a forged or damaged link with a message, whichever the method', async () => {
    const member = await makeUser(db.sql)
    const real = await unsubscribePath(member.id, 'replies')
    const forged = [
      real.replace('replies', 'mentions'),
      real.replace(/\d+-replies/, `${member.id + 1}-replies`),
      real.slice(0, -3),
      '/unsubscribe/nothing-here',
      `/unsubscribe/${'x'.repeat(600)}`,
    ]
    for (const pathname of forged) {
      for (const response of [await fetch(`${forum.url}${pathname}`), await postForm(forum.url, pathname, {}), await oneClick(pathname)]) {
        expect(response.status, pathname).toBe(404)
        expect(await response.text(), pathname).toContain('This unsubscribe link is not valid')
      }
    }
    expect(await settingsOf(member.id)).toEqual({})
  })

  it('is the only write another origin may start', async () => {
    const member = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    for (const pathname of ['/settings/notifications', '/unsubscribe', '/unsubscribe/a/b', '/logout']) {
      const response = await fetch(`${forum.url}${pathname}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://mail.example', Cookie: cookie },
        body: 'List-Unsubscribe=One-Click',
      })
      expect(response.status, pathname).toBe(403)
    }
  })
})

describe('/settings/notifications', () => {
  const all = (delivery: string) => ({
    my_questions: delivery,
    replies: delivery,
    mentions: delivery,
    accepted: delivery,
    ideas: delivery,
    new_threads: delivery,
    moderation: delivery,
  })

  it('shows each topic with its default, and says no mail goes before the address is confirmed', async () => {
    const member = await makeUser(db.sql, { emailVerified: false })
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    const page = await (await fetch(`${forum.url}/settings/notifications`, { headers: { Cookie: cookie } })).text()
    expect(page).toContain('Answers to my questions')
    expect(page).toContain('name="my_questions" checked="" value="immediately"')
    expect(page).toContain('name="replies" checked="" value="digest"')
    expect(page).toContain('no notification mail goes to it')
    await db.sql`update users set email_verified_at = now() where id = ${member.id}`
    const confirmed = await (await fetch(`${forum.url}/settings/notifications`, { headers: { Cookie: cookie } })).text()
    expect(confirmed).not.toContain('no notification mail goes to it')
  })

  it('saves every topic and says so', async () => {
    const member = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    const response = await postForm(
      forum.url,
      '/settings/notifications',
      { ...all('digest'), replies: 'never', ideas: 'immediately' },
      cookie,
    )
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Your notification settings are saved.')
    expect(await settingsOf(member.id)).toMatchObject({ my_questions: 'digest', replies: 'never', ideas: 'immediately' })
  })

  it('answers a bad or missing choice with 400 and a message, saving nothing', async () => {
    const member = await makeUser(db.sql)
    const cookie = await signIn(forum.url, member.username, TEST_PASSWORD)
    for (const form of [{ ...all('never'), replies: 'hourly' }, { replies: 'never' }]) {
      const response = await postForm(forum.url, '/settings/notifications', form, cookie)
      expect(response.status).toBe(400)
      expect(await response.text()).toContain('Choose Right away, Daily digest or Never for')
    }
    expect(await settingsOf(member.id)).toEqual({})
  })

  it('asks a visitor to sign in', async () => {
    const response = await fetch(`${forum.url}/settings/notifications`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login?next=%2Fsettings%2Fnotifications')
  })
})

describe('mail with no SMTP server', () => {
  it('is written as an .eml file under DATA_DIR/mail', async () => {
    const member = await makeUser(db.sql)
    const [token] = await db.sql<{ id: number }[]>`
      insert into email_tokens (user_id, email, purpose, expires_at)
      values (${member.id}, 'fresh@example.test', 'verify_email', now() + interval '1 day') returning id`
    await queueMail(db.sql, { kind: 'verify_email', userId: member.id, toAddress: 'fresh@example.test', emailTokenId: token.id })
    const folder = path.join(forum.dataDir, 'mail')
    const deadline = Date.now() + 10_000
    let files: string[] = []
    while (!files.length && Date.now() < deadline) {
      files = await readdir(folder).catch(() => [])
      if (!files.length) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(files).toHaveLength(1)
    const mail = readMail(await readFile(path.join(folder, files[0]), 'utf8'))
    expect(mail.to).toBe('fresh@example.test')
    // No PUBLIC_URL: links point at the address the server listens on.
    expect(mail.text).toMatch(/http:\/\/localhost:\d+\/verify-email\//)
  })
})

describe('mail settings', () => {
  it('takes smtp:// and smtps:// URLs and refuses anything else with a message', () => {
    expect(readEnv({ SMTP_URL: 'smtp://user:pass@mail.example:587' }).SMTP_URL).toBe('smtp://user:pass@mail.example:587')
    expect(readEnv({ SMTP_URL: 'smtps://mail.example' }).SMTP_URL).toBe('smtps://mail.example')
    expect(readEnv({ SMTP_URL: '' }).SMTP_URL).toBeUndefined()
    expect(() => readEnv({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL: must start with smtp:\/\/ or smtps:\/\//)
    expect(() => readEnv({ SMTP_URL: 'mail.example:25' })).toThrow(ConfigError)
    expect(() => readEnv({ MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM: must be an address/)
    expect(readEnv({ MAIL_FROM: 'Support <help@example.com>' }).MAIL_FROM).toBe('Support <help@example.com>')
  })
})
