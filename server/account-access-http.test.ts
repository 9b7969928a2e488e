import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { requestPasswordReset, resetPath } from '../app/domain/auth/reset.server'
import { RateLimited } from '../app/domain/errors'
import { LIMITS_ON } from '../app/domain/limits/limits'
import { signLink } from '../app/domain/mail/links.server'
import { readMail } from '../mail/eml'
import { setupTestDatabase } from '../tests/database'
import { makeUser, TEST_PASSWORD } from '../tests/factories'
import { postForm, setupForumServer, signIn } from '../tests/forum-server'

const db = setupTestDatabase()
const forum = setupForumServer(db)

const NEW_PASSWORD = 'a brand new passphrase'

const get = async (path: string, cookie?: string) => {
  const response = await fetch(forum.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** Whether a session cookie still opens the member's settings (a dead one is sent to sign in). */
const signedIn = async (cookie: string) => (await get('/settings/password', cookie)).status === 200

/** The delivered mails to `to` with this subject, once there are more than `after` of them. */
async function mailsTo(to: string, subject: string, after = 0) {
  const folder = path.join(forum.dataDir, 'mail')
  const deadline = Date.now() + 10_000
  for (;;) {
    const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.eml')).sort()
    const mails = await Promise.all(names.map(async (name) => readMail(await readFile(path.join(folder, name), 'utf8'))))
    const found = mails.filter((mail) => mail.to.includes(to) && mail.subject === subject)
    if (found.length > after) return found
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${to}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The path of the newest reset link mailed to `to`, read from the delivered .eml file. */
async function mailedResetLink(to: string, after = 0): Promise<string> {
  const resets = await mailsTo(to, 'Reset your password', after)
  return new URL(/https?:\/\/\S+\/reset\/\S+/.exec(resets.at(-1)!.text)![0]).pathname
}

/** The newest reset link of a user, as its mail carries it (without waiting for the mail to go). */
async function latestResetLink(userId: number): Promise<string> {
  const [mail] =
    await db.sql`select email_token_id from mails where user_id = ${userId} and kind = 'reset_password' order by id desc limit 1`
  return resetPath(db.sql, mail.emailTokenId)
}

const passwordHashOf = async (userId: number) =>
  (await db.sql`select password_hash from users where id = ${userId}`)[0].passwordHash as string

describe('asking for a password reset', () => {
  it('answers alike for a known and an unknown address, and mails only the account', async () => {
    const user = await makeUser(db.sql)
    const known = await postForm(forum.url, '/forgot', { email: `${user.username.toUpperCase()}@example.test` })
    const unknown = await postForm(forum.url, '/forgot', { email: 'nobody-here@example.test' })
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    // The page's main part, the same word for word but for the address typed.
    const main = async (response: Response) => /<main[\s\S]*<\/main>/.exec(await response.text())![0]
    const [knownText, unknownText] = [await main(known), await main(unknown)]
    expect(knownText).toContain('If an account uses')
    expect(knownText.replace(`${user.username.toUpperCase()}@example.test`, 'X')).toBe(unknownText.replace('nobody-here@example.test', 'X'))
    const mails = await db.sql`select kind, to_address from mails where kind = 'reset_password' and user_id = ${user.id}`
    expect(mails).toEqual([{ kind: 'reset_password', toAddress: `${user.username}@example.test` }])
    expect(await db.sql`select 1 from mails where to_address = 'nobody-here@example.test'`).toHaveLength(0)

    const bad = await postForm(forum.url, '/forgot', { email: 'not an address' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Enter a valid email address.')
  })

  it('is limited per address typed, whether or not an account uses it', async () => {
    const ask = (email: string, i: number) => requestPasswordReset(db.sql, { email }, `10.0.0.${i}`, LIMITS_ON)
    for (const email of ['limited@example.test', `${(await makeUser(db.sql)).username}@example.test`]) {
      for (let i = 0; i < 3; i++) await ask(email, i)
      await expect(ask(email, 9)).rejects.toBeInstanceOf(RateLimited)
    }
  })
})

describe('a reset link', () => {
  it('sets the password once, ends every session of its account and signs this browser in', async () => {
    const user = await makeUser(db.sql)
    const bystander = await makeUser(db.sql)
    const sessions = [await signIn(forum.url, user.username, TEST_PASSWORD), await signIn(forum.url, user.username, TEST_PASSWORD)]
    const bystanderSession = await signIn(forum.url, bystander.username, TEST_PASSWORD)
    await postForm(forum.url, '/forgot', { email: `${user.username}@example.test` })
    const link = await mailedResetLink(`${user.username}@example.test`)

    // Opening the link changes nothing: mail scanners follow links.
    const page = await get(link)
    expect(page.status).toBe(200)
    expect(page.text).toContain(user.username)
    expect(page.headers.get('cache-control')).toContain('no-store')
    const before = await passwordHashOf(user.id)

    const short = await postForm(forum.url, link, { password: 'short' })
    expect(short.status).toBe(400)
    expect(await short.text()).toContain('A password needs at least 10 characters.')
    expect(await passwordHashOf(user.id)).toBe(before)

    const done = await postForm(forum.url, link, { password: NEW_PASSWORD })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/')
    const cookies = done.headers.getSetCookie().map((c) => c.split(';')[0])
    expect(cookies).toContain('forum_notice=password-reset')
    const session = cookies.find((c) => c.startsWith('forum_session='))!
    const home = await get('/', cookies.join('; '))
    expect(home.text).toContain('Your password is changed.')
    expect(await signedIn(session)).toBe(true)
    for (const old of sessions) expect(await signedIn(old)).toBe(false)
    // Only its own account: another member's password and sessions are untouched.
    expect(await signedIn(bystanderSession)).toBe(true)
    await signIn(forum.url, bystander.username, TEST_PASSWORD)
    await expect(signIn(forum.url, user.username, TEST_PASSWORD)).rejects.toThrow(/sign-in failed with 400/)
    await signIn(forum.url, user.username, NEW_PASSWORD)

    const again = await postForm(forum.url, link, { password: 'yet another passphrase' })
    expect(again.status).toBe(410)
    const againText = await again.text()
    expect(againText).toContain('This password reset link was used already.')
    expect(againText).toContain('href="/forgot"')
    expect((await get(link)).status).toBe(410)
    await signIn(forum.url, user.username, NEW_PASSWORD)
  })

  it('works only before it expires, and only the newest one', async () => {
    const user = await makeUser(db.sql)
    const before = await passwordHashOf(user.id)
    await postForm(forum.url, '/forgot', { email: `${user.username}@example.test` })
    const first = await latestResetLink(user.id)
    await postForm(forum.url, '/forgot', { email: `${user.username}@example.test` })
    const second = await latestResetLink(user.id)
    expect(second).not.toBe(first)
    const superseded = await postForm(forum.url, first, { password: NEW_PASSWORD })
    expect(superseded.status).toBe(410)
    expect(await superseded.text()).toContain('A newer password reset link was sent after this one')
    expect((await get(first)).text).toContain('href="/forgot"')

    // A link works for one hour.
    const [token] =
      await db.sql`select expires_at - created_at as lifetime from email_tokens where user_id = ${user.id} order by id desc limit 1`
    expect(token.lifetime).toBe('01:00:00')
    await db.sql`update email_tokens set expires_at = now() - interval '1 second' where user_id = ${user.id}`
    const posted = await postForm(forum.url, second, { password: NEW_PASSWORD })
    for (const answer of [await get(second), { status: posted.status, text: await posted.text() }]) {
      expect(answer.status).toBe(410)
      expect(answer.text).toContain('This password reset link has expired')
    }
    expect(await passwordHashOf(user.id)).toBe(before)
  })

  it('refuses forged, garbled and other-purpose links with a 404 page offering a new one, never a 500', async () => {
    const user = await makeUser(db.sql)
    await postForm(forum.url, '/forgot', { email: `${user.username}@example.test` })
    const real = await latestResetLink(user.id)
    const [confirmation] = await db.sql`
      insert into email_tokens (user_id, email, purpose, expires_at)
      values (${user.id}, ${`${user.username}@example.test`}, 'verify_email', now() + interval '1 day') returning id`
    const paths = [
      `${real.slice(0, real.lastIndexOf('.'))}.${'A'.repeat(43)}`,
      `/reset/${await signLink(db.sql, 'reset_password', '987654')}`,
      `/reset/${await signLink(db.sql, 'verify_email', real.split('/')[2].split('.')[0])}`,
      `/reset/${await signLink(db.sql, 'reset_password', String(confirmation.id))}`,
      '/reset/nonsense',
      `/reset/${'x'.repeat(3000)}`,
    ]
    for (const path of ['/reset/%00', '/reset/..%2f..%2f', '/reset/1.%E2%80%AE']) {
      for (const status of [(await get(path)).status, (await postForm(forum.url, path, { password: NEW_PASSWORD })).status]) {
        expect(status, path).toBeGreaterThanOrEqual(400)
        expect(status, path).toBeLessThan(500)
      }
    }
    for (const path of paths) {
      const page = await get(path)
      expect(page.status, path).toBe(404)
      expect(page.text, path).toContain('href="/forgot"')
      const posted = await postForm(forum.url, path, { password: NEW_PASSWORD })
      expect(posted.status, path).toBe(404)
    }
    expect((await get(paths[0])).text).toContain('This password reset link is not valid.')
    // The real link still works after all that.
    expect((await postForm(forum.url, real, { password: NEW_PASSWORD })).status).toBe(302)
  })
})

describe('/settings/password', () => {
  it('needs the current password, and ends every other session but this one', async () => {
    const user = await makeUser(db.sql)
    const here = await signIn(forum.url, user.username, TEST_PASSWORD)
    const elsewhere = await signIn(forum.url, user.username, TEST_PASSWORD)
    const before = await passwordHashOf(user.id)

    const wrong = await postForm(forum.url, '/settings/password', { currentPassword: 'not my password', password: NEW_PASSWORD }, here)
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('That is not your current password.')
    const missing = await postForm(forum.url, '/settings/password', {}, here)
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('Enter your current password.')
    expect(await passwordHashOf(user.id)).toBe(before)
    expect(await signedIn(elsewhere)).toBe(true)

    const changed = await postForm(forum.url, '/settings/password', { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD }, here)
    expect(changed.status).toBe(200)
    expect(await changed.text()).toContain('Your password is changed. 1 other session was signed out')
    expect(await signedIn(here)).toBe(true)
    expect(await signedIn(elsewhere)).toBe(false)
    await signIn(forum.url, user.username, NEW_PASSWORD)
    // The account's address hears of it, in case it was not the member.
    const [told] = await mailsTo(`${user.username}@example.test`, 'Your password was changed')
    expect(told.text).toContain('If this was not you')

    const visitor = await postForm(forum.url, '/settings/password', { currentPassword: NEW_PASSWORD, password: TEST_PASSWORD })
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('location')).toBe('/login?next=%2Fsettings%2Fpassword')
  })
})

describe('/settings/sessions', () => {
  it('lists the sessions with their browsers, marks this one, and signs out everywhere else', async () => {
    const user = await makeUser(db.sql)
    const signInWith = async (userAgent: string) => {
      const response = await fetch(`${forum.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: forum.url, 'User-Agent': userAgent },
        body: new URLSearchParams({ username: user.username, password: TEST_PASSWORD }),
      })
      return response.headers.get('set-cookie')!.split(';')[0]
    }
    const here = await signInWith('Firefox on the desk')
    const phone = await signInWith('Safari on a phone')
    const page = await get('/settings/sessions', here)
    expect(page.status).toBe(200)
    expect(page.text).toContain('Firefox on the desk')
    expect(page.text).toContain('Safari on a phone')
    expect(page.text.match(/This browser/g)).toHaveLength(1)
    expect(page.text).toMatch(/Firefox on the desk<\/strong> <span[^>]*>This browser/)

    const ended = await postForm(forum.url, '/settings/sessions', {}, here)
    expect(ended.status).toBe(200)
    expect(await ended.text()).toContain('Signed out 1 other session.')
    expect(await signedIn(here)).toBe(true)
    expect(await signedIn(phone)).toBe(false)
    const after = await get('/settings/sessions', here)
    expect(after.text).not.toContain('Safari on a phone')
    expect(after.text).toContain('Firefox on the desk')
  })
})
